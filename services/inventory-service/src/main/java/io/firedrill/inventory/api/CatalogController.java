package io.firedrill.inventory.api;

import io.firedrill.web.ProblemException;

import io.firedrill.inventory.api.CatalogDtos.OversoldView;
import io.firedrill.inventory.api.CatalogDtos.ProductView;
import io.firedrill.inventory.api.CatalogDtos.StockView;
import io.firedrill.inventory.domain.Skus;
import io.firedrill.inventory.domain.StockLevel;
import io.firedrill.inventory.persistence.StockRepository;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Catalog and stock reads on the application port; order-service prices a checkout with {@code GET catalog/{sku}}. The
 * catalog is loaded through the management port ({@link CatalogLoadCommand}, admin token).
 */
@RestController
@RequestMapping(path = "/api/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
class CatalogController {

    private static final int OVERSOLD_DETAILS = 100;

    private final StockRepository stock;

    CatalogController(StockRepository stock) {
        this.stock = stock;
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
