package io.firedrill.inventory.api;

import io.firedrill.web.ProblemException;

import io.firedrill.inventory.api.CatalogDtos.CatalogItem;
import io.firedrill.inventory.api.CatalogDtos.CatalogLoad;
import io.firedrill.inventory.api.CatalogDtos.CatalogLoaded;
import io.firedrill.inventory.api.CatalogDtos.OversoldView;
import io.firedrill.inventory.api.CatalogDtos.ProductView;
import io.firedrill.inventory.api.CatalogDtos.StockView;
import io.firedrill.inventory.domain.CatalogEntry;
import io.firedrill.inventory.domain.Skus;
import io.firedrill.inventory.domain.StockLevel;
import io.firedrill.inventory.messaging.StockAvailability;
import io.firedrill.inventory.persistence.StockRepository;
import jakarta.validation.Valid;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Catalog load and stock reads on the application port. order-service prices a checkout with {@code GET catalog/{sku}}. */
@RestController
@RequestMapping(path = "/api/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
class CatalogController {

    private static final int OVERSOLD_DETAILS = 100;

    private final StockRepository stock;
    private final StockAvailability availability;

    CatalogController(StockRepository stock, StockAvailability availability) {
        this.stock = stock;
        this.availability = availability;
    }

    /**
     * Upserts products and sets each SKU's available units to {@code stock} (on_hand = stock + reserved + committed),
     * in one transaction. 400 for malformed input, 422 for a SKU listed twice; nothing is written then.
     */
    @PostMapping(path = "/catalog", consumes = MediaType.APPLICATION_JSON_VALUE)
    CatalogLoaded load(@Valid @RequestBody CatalogLoad request) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new TreeSet<>();
        for (CatalogItem item : request.items()) {
            if (!seen.add(item.sku())) {
                duplicates.add(item.sku());
            }
        }
        if (!duplicates.isEmpty()) {
            throw ProblemException.unprocessable("duplicate-sku", "SKUs listed more than once: " + duplicates);
        }
        List<CatalogEntry> entries = request.items().stream()
                .map(i -> new CatalogEntry(i.sku(), i.name().strip(), i.priceCents(), i.stock()))
                .toList();
        return new CatalogLoaded(availability.load(entries));
    }

    @GetMapping("/catalog/{sku}")
    ProductView product(@PathVariable String sku) {
        checkSku(sku);
        return stock.product(sku).map(ProductView::of)
                .orElseThrow(() -> ProblemException.notFound("SKU " + sku + " is not in the catalog"));
    }

    @GetMapping("/stock/{sku}")
    StockView stock(@PathVariable String sku) {
        checkSku(sku);
        return stock.find(sku).map(StockView::of)
                .orElseThrow(() -> ProblemException.notFound("SKU " + sku + " has no stock"));
    }

    /** The oversell incident at a glance: units committed beyond stock, and the SKUs affected (worst first). */
    @GetMapping("/oversold")
    OversoldView oversold() {
        List<StockLevel> worst = stock.oversold(OVERSOLD_DETAILS);
        return new OversoldView(stock.oversoldUnits(), worst.stream().map(StockLevel::sku).toList(),
                worst.stream().map(StockView::of).toList());
    }

    /**
     * A malformed SKU is answered like an unknown one (404): no such resource, and callers such as order-service's
     * catalog client map 404 to "unknown SKU" while any other 4xx reads as "catalog unavailable".
     */
    private static void checkSku(String sku) {
        if (!Skus.isValid(sku)) {
            throw ProblemException.notFound("'" + sku + "' is not a SKU in the catalog (SKUs match " + Skus.REGEX + ")");
        }
    }
}
