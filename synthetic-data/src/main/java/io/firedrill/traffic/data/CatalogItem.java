package io.firedrill.traffic.data;

/** One SKU as loaded into inventory-service before a run ({@code POST /api/inventory/catalog}). */
public record CatalogItem(String sku, String name, long priceCents, int stock) {}
