package io.firedrill.traffic;

import java.net.URI;

/** Base URLs of the services the workload talks to. */
public record Targets(URI orderService, URI inventoryService, URI notificationService) {

    public static final URI DEFAULT_ORDER = URI.create("http://127.0.0.1:17101");
    public static final URI DEFAULT_INVENTORY = URI.create("http://127.0.0.1:17102");
    public static final URI DEFAULT_NOTIFICATION = URI.create("http://127.0.0.1:17105");

    public static Targets defaults() { return new Targets(DEFAULT_ORDER, DEFAULT_INVENTORY, DEFAULT_NOTIFICATION); }

    /** Every service on one base URL (tests that fake all three in one server). */
    public static Targets allAt(URI base) { return new Targets(base, base, base); }
}
