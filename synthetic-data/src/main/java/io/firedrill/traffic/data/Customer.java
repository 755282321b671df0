package io.firedrill.traffic.data;

/** A synthetic customer of one tenant region; the id is stable for a seed and an index. */
public record Customer(String customerId, Region region, String firstName, String lastName, String email,
                       String phone, Address address) {}
