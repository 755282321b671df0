package io.firedrill.traffic;

import java.net.URI;

/** Base URLs of the services the workload talks to. */
public record Targets(URI orderService, URI inventoryService, URI notificationService) {

    /**
     * The stack's port block: {@code FIREDRILL_PORT_BASE} (default 17000), the same variable platform/stack's Ports
     * reads, so traffic against a stack moved to another block needs no URL flags.
     */
    public static int portBase() {
        String base = System.getenv("FIREDRILL_PORT_BASE");
        return base == null || base.isBlank() ? 17000 : Integer.parseInt(base.trim());
    }

    /** order-service, inventory-service and notification-service of the local stack (base + 101, 102, 105). */
    public static Targets defaults() {
        int base = portBase();
        return new Targets(local(base + 101), local(base + 102), local(base + 105));
    }

    /** The port of the run's own metrics (base + 190, reserved for the traffic generator). */
    public static int defaultMetricsPort() { return portBase() + 190; }

    private static URI local(int port) { return URI.create("http://127.0.0.1:" + port); }

    /** Every service on one base URL (tests that fake all three in one server). */
    public static Targets allAt(URI base) { return new Targets(base, base, base); }
}
