package io.firedrill.traffic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the workload goes: the base URLs of the services customers talk to (payment-service tokenizes their cards), and inventory-service's management port
 * with the admin token, through which a run loads its catalog ({@code POST /admin/catalog}: setting prices and stock
 * is not a customer action, so it is not on the application port).
 *
 * @param adminToken bearer token of the management port; "" sends none (a target that needs none)
 */
public record Targets(URI orderService, URI inventoryService, URI notificationService, URI paymentService,
                      URI inventoryAdmin, String adminToken) {

    public Targets {
        adminToken = adminToken == null ? "" : adminToken.trim();
    }

    /**
     * The stack's port block: {@code FIREDRILL_PORT_BASE} (default 17000), the same variable platform/stack's Ports
     * reads, so traffic against a stack moved to another block needs no URL flags.
     */
    public static int portBase() {
        String base = System.getenv("FIREDRILL_PORT_BASE");
        return base == null || base.isBlank() ? 17000 : Integer.parseInt(base.trim());
    }

    /**
     * order-service, inventory-service, notification-service and payment-service of the local stack (base + 101, 102,
     * 105, 103), inventory's
     * management port (base + 202) and the stack's admin token ({@link #stackAdminToken()}).
     */
    public static Targets defaults() {
        int base = portBase();
        return new Targets(local(base + 101), local(base + 102), local(base + 105), local(base + 103), local(base + 202),
                stackAdminToken());
    }

    /** The port of the run's own metrics (base + 190, reserved for the traffic generator). */
    public static int defaultMetricsPort() { return portBase() + 190; }

    /** The local stack's home: {@code FIREDRILL_HOME}, else {@code .firedrill} in the working directory. */
    public static Path stackHome() {
        String env = System.getenv("FIREDRILL_HOME");
        return env == null || env.isBlank() ? Path.of(".firedrill") : Path.of(env);
    }

    /** {@code FIREDRILL_ADMIN_TOKEN}, else the stack's token file ({@code <home>/admin-token}), else "". */
    public static String stackAdminToken() {
        String env = System.getenv("FIREDRILL_ADMIN_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        Path file = stackHome().resolve("admin-token");
        try {
            return Files.isRegularFile(file) ? Files.readString(file).trim() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token " + file + ": " + e.getMessage(), e);
        }
    }

    private static URI local(int port) { return URI.create("http://127.0.0.1:" + port); }

    /** Every service, and the admin side, on one base URL, without a token (tests that fake all of them in one server). */
    public static Targets allAt(URI base) { return new Targets(base, base, base, base, base, ""); }

    public Targets withAdmin(URI inventoryManagement, String token) {
        return new Targets(orderService, inventoryService, notificationService, paymentService, inventoryManagement, token);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "Targets[orderService=" + orderService + ", inventoryService=" + inventoryService + ", notificationService="
                + notificationService + ", paymentService=" + paymentService + ", inventoryAdmin=" + inventoryAdmin + ", adminToken="
                + (adminToken.isEmpty() ? "none" : "***") + "]";
    }
}
