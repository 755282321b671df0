package io.firedrill.inventory.api;

import io.firedrill.inventory.api.CatalogDtos.CatalogItem;
import io.firedrill.inventory.api.CatalogDtos.CatalogLoad;
import io.firedrill.inventory.api.CatalogDtos.CatalogLoaded;
import io.firedrill.inventory.domain.CatalogEntry;
import io.firedrill.inventory.messaging.StockAvailability;
import io.firedrill.web.ProblemException;
import io.firedrill.web.admin.AdminCommand;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * {@code POST /admin/catalog} on the management port (admin token): upserts products and sets each SKU's available
 * units to {@code stock} (on_hand = stock + reserved + committed), in one transaction. Not a customer action (it sets
 * prices and stock), so it is not on the application port. 400 for malformed input, 422 for a SKU listed twice;
 * nothing is written then.
 */
@Component
class CatalogLoadCommand implements AdminCommand<CatalogLoad> {

    private final StockAvailability availability;

    CatalogLoadCommand(StockAvailability availability) {
        this.availability = availability;
    }

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public String summary() {
        return "Loads products and stock: {\"items\":[{\"sku\",\"name\",\"priceCents\",\"stock\"}]} (at most "
                + CatalogDtos.MAX_ITEMS + "); each SKU's available units become its stock.";
    }

    @Override
    public Class<CatalogLoad> bodyType() {
        return CatalogLoad.class;
    }

    @Override
    public CatalogLoaded execute(CatalogLoad request) {
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
}
