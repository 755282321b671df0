package io.firedrill.inventory.domain;

/**
 * A catalog entry: what order-service prices and validates a checkout against, with the units free to reserve when it
 * was read ({@code available}, from the stock row; 0 without one), which order-service uses to refuse a flash sale's
 * surplus buyers at once instead of starting sagas this stock cannot serve.
 */
public record Product(String sku, String name, long priceCents, long available) {}
