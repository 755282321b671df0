package io.firedrill.inventory.domain;

/** One SKU's stock. {@code available = onHand - reserved - committed}; {@code oversold > 0} is an incident. */
public record StockLevel(String sku, long onHand, long reserved, long committed) {

    public long available() {
        return onHand - reserved - committed;
    }

    /** Units sold beyond what is on hand: the oversell incident when positive. */
    public long oversold() {
        return Math.max(committed - onHand, 0);
    }
}
