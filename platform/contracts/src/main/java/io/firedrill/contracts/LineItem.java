package io.firedrill.contracts;

/** One order line: {@code quantity} units (1..1000) of {@code sku}. */
public record LineItem(String sku, int quantity) {}
