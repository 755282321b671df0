package io.firedrill.traffic.data;

public record CartLine(String sku, int quantity) {}
