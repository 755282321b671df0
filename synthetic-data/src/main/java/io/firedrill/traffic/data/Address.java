package io.firedrill.traffic.data;

public record Address(String street, String city, String postalCode, String country) {}
