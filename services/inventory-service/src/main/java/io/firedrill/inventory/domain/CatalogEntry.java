package io.firedrill.inventory.domain;

/** One line of a catalog load: product data and the units that should be available after the load. */
public record CatalogEntry(String sku, String name, long priceCents, long available) {}
