package io.firedrill.order.domain;

import java.util.Objects;

/** One priced line of an order; immutable once the order is placed. */
public record OrderLine(String sku, String name, int quantity, long unitPriceCents) {

    public OrderLine {
        Objects.requireNonNull(sku, "sku");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be positive, got " + quantity + " for " + sku);
        }
        if (unitPriceCents < 0) {
            throw new IllegalArgumentException("price must not be negative, got " + unitPriceCents + " for " + sku);
        }
    }

    public long lineTotalCents() {
        return Math.multiplyExact(unitPriceCents, (long) quantity);
    }
}
