package io.firedrill.inventory.domain;

/** A catalog entry: what order-service prices and validates a checkout against. */
public record Product(String sku, String name, long priceCents) {}
