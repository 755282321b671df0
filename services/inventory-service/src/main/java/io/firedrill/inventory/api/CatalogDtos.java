package io.firedrill.inventory.api;

import io.firedrill.inventory.domain.Product;
import io.firedrill.inventory.domain.Skus;
import io.firedrill.inventory.domain.StockLevel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Request and response bodies of the inventory API. */
final class CatalogDtos {

    private CatalogDtos() {}

    static final int MAX_ITEMS = 1000;

    /** {@code POST /admin/catalog} on the management port ({@link CatalogLoadCommand}). */
    record CatalogLoad(@NotNull @Size(min = 1, max = MAX_ITEMS) List<@NotNull @Valid CatalogItem> items) {}

    /** One SKU of a catalog load; {@code stock} is the number of units available after the load. */
    record CatalogItem(
            @NotNull @Pattern(regexp = Skus.REGEX, message = "must match " + Skus.REGEX) String sku,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Min(0) @Max(10_000_000) Long priceCents,
            @NotNull @Min(0) @Max(1_000_000) Long stock) {}

    record CatalogLoaded(int loaded) {}

    /** {@code available}: units free to reserve as this answer was read (may be negative while oversold). */
    record ProductView(String sku, String name, long priceCents, long available) {
        static ProductView of(Product p) {
            return new ProductView(p.sku(), p.name(), p.priceCents(), p.available());
        }
    }

    record StockView(String sku, long onHand, long reserved, long committed, long available, long oversold) {
        static StockView of(StockLevel s) {
            return new StockView(s.sku(), s.onHand(), s.reserved(), s.committed(), s.available(), s.oversold());
        }
    }

    /** {@code oversoldUnits} over all SKUs; {@code skus} lists the oversold ones, {@code details} their stock. */
    record OversoldView(long oversoldUnits, List<String> skus, List<StockView> details) {}
}
