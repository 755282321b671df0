package io.firedrill.contracts;

/** Shipping address; {@code line2} may be null, {@code country} is ISO 3166-1 alpha-2. */
public record Address(String recipient, String line1, String line2, String city, String postalCode, String country) {}
