package io.firedrill.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP contract of order-, inventory- and notification-service on one loopback port, with a saga that
 * decides at checkout and reveals its decision after {@code sagaMillis}: declining card -> CANCELLED
 * PAYMENT_DECLINED, not enough stock -> CANCELLED OUT_OF_STOCK, otherwise COMPLETED. {@code oversell} skips the
 * stock check, like the legacy confirm-guard bug.
 */
final class FakeShop implements AutoCloseable {

    record Order(String orderId, String customerId, String region, long readyAtNanos, String finalStatus, String reason) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, Integer> stock = new ConcurrentHashMap<>();
    final Map<String, Order> orders = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> regions = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final long sagaNanos;
    private final boolean oversell;
    volatile int catalogItemsLoaded;

    FakeShop(long sagaMillis, boolean oversell) throws IOException {
        this.sagaNanos = sagaMillis * 1_000_000;
        this.oversell = oversell;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort()); }

    int hits(String route) { return hits.getOrDefault(route, new AtomicInteger()).get(); }

    private void hit(String route) { hits.computeIfAbsent(route, k -> new AtomicInteger()).incrementAndGet(); }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            String[] parts = path.split("/");
            if (method.equals("POST") && path.equals("/api/inventory/catalog")) {
                hit("catalog");
                JsonNode items = JSON.readTree(body).path("items");
                for (JsonNode item : items) {
                    stock.put(item.get("sku").asText(), item.get("stock").asInt());
                }
                catalogItemsLoaded += items.size();
                send(ex, 200, Map.of("loaded", items.size()));
            } else if (method.equals("GET") && path.startsWith("/api/inventory/stock/")) {
                hit("stock");
                String sku = parts[4];
                Integer units = stock.get(sku);
                send(ex, units == null ? 404 : 200, units == null ? Map.of("title", "unknown sku " + sku)
                        : Map.of("sku", sku, "available", units));
            } else if (method.equals("POST") && path.equals("/api/orders")) {
                hit("checkout");
                checkout(ex, JSON.readTree(body));
            } else if (method.equals("GET") && parts.length == 4 && path.startsWith("/api/orders/")) {
                hit("order");
                Order o = orders.get(parts[3]);
                if (o == null) {
                    send(ex, 404, Map.of("title", "no order " + parts[3]));
                } else if (System.nanoTime() < o.readyAtNanos()) {
                    send(ex, 200, Map.of("orderId", o.orderId(), "status", "PENDING"));
                } else {
                    send(ex, 200, o.reason() == null ? Map.of("orderId", o.orderId(), "status", o.finalStatus())
                            : Map.of("orderId", o.orderId(), "status", o.finalStatus(), "reason", o.reason()));
                }
            } else if (method.equals("POST") && path.endsWith("/cancel")) {
                hit("cancel");
                Order o = orders.get(parts[3]);
                if (o == null || System.nanoTime() >= o.readyAtNanos()) {
                    send(ex, 409, Map.of("title", "not cancellable"));
                } else {
                    orders.put(o.orderId(), new Order(o.orderId(), o.customerId(), o.region(), o.readyAtNanos(), "CANCELLED", "CUSTOMER_REQUEST"));
                    send(ex, 202, Map.of("orderId", o.orderId()));
                }
            } else if (method.equals("GET") && path.startsWith("/api/customers/") && path.endsWith("/orders")) {
                hit("customer-orders");
                send(ex, 200, List.of());
            } else if (method.equals("PUT") && path.endsWith("/notification-preferences")) {
                hit("preferences");
                JsonNode p = JSON.readTree(body);
                if (!p.has("email") || !p.has("sms") || !p.has("push")) {
                    send(ex, 400, Map.of("title", "email, sms and push are required"));
                } else {
                    ex.sendResponseHeaders(204, -1);
                }
            } else {
                hit("unknown");
                send(ex, 404, Map.of("title", "no route " + method + " " + path));
            }
        }
    }

    private void checkout(HttpExchange ex, JsonNode order) throws IOException {
        String customer = order.path("customerId").asText("");
        String region = order.path("tenantRegion").asText("");
        JsonNode items = order.path("items");
        String card = order.path("paymentMethod").path("cardNumber").asText("");
        if (customer.isEmpty() || !List.of("eu-west", "us-east", "ap-south").contains(region) || !items.isArray() || items.isEmpty()) {
            ex.getResponseHeaders().set("Content-Type", "application/problem+json");
            send(ex, 400, Map.of("title", "invalid checkout"));
            return;
        }
        regions.computeIfAbsent(region, k -> new AtomicInteger()).incrementAndGet();
        String status = "COMPLETED";
        String reason = null;
        if (card.equals("4000000000000002")) {
            status = "CANCELLED";
            reason = "PAYMENT_DECLINED";
        } else {
            synchronized (stock) {
                boolean enough = true;
                for (JsonNode line : items) {
                    enough &= stock.getOrDefault(line.get("sku").asText(), 0) >= line.get("quantity").asInt();
                }
                if (enough || oversell) {
                    for (JsonNode line : items) {
                        stock.merge(line.get("sku").asText(), -line.get("quantity").asInt(), Integer::sum);
                    }
                } else {
                    status = "CANCELLED";
                    reason = "OUT_OF_STOCK";
                }
            }
        }
        String id = UUID.randomUUID().toString();
        orders.put(id, new Order(id, customer, region, System.nanoTime() + sagaNanos, status, reason));
        ex.getResponseHeaders().set("Location", "/api/orders/" + id);
        send(ex, 202, Map.of("orderId", id));
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        if (!ex.getResponseHeaders().containsKey("Content-Type")) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    long completed() { return orders.values().stream().filter(o -> o.finalStatus().equals("COMPLETED")).count(); }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
