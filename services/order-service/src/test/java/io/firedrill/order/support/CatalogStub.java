package io.firedrill.order.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * inventory-service's catalog endpoint ({@code GET /api/inventory/catalog/{sku}}) as a tiny HTTP server: the other
 * participant's API, not infrastructure, so the order tests do not depend on inventory-service being built. Answers
 * 200 with the registered price (and the units {@link #available} if set), 404 for an unknown SKU, or
 * {@link #failWith} a status for every request.
 */
public final class CatalogStub implements AutoCloseable {

    private static final String PREFIX = "/api/inventory/catalog/";

    private final HttpServer server;
    private final Map<String, Long> prices = new ConcurrentHashMap<>();
    private final Map<String, Long> available = new ConcurrentHashMap<>();
    private final AtomicInteger failureStatus = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();

    private CatalogStub(HttpServer server) {
        this.server = server;
    }

    public static CatalogStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            CatalogStub stub = new CatalogStub(server);
            server.createContext(PREFIX, stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException("catalog stub did not start", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public CatalogStub price(String sku, long cents) {
        prices.put(sku, cents);
        return this;
    }

    /** The entry of {@code sku} says {@code units} are free to reserve, as inventory's does. */
    public CatalogStub available(String sku, long units) {
        available.put(sku, units);
        return this;
    }

    /** Every request answers {@code status} (0 = behave normally). */
    public void failWith(int status) {
        failureStatus.set(status);
    }

    public long requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String sku = exchange.getRequestURI().getPath().substring(PREFIX.length());
            int failure = failureStatus.get();
            Long price = prices.get(sku);
            if (failure != 0) {
                respond(exchange, failure, "{\"title\":\"injected failure\"}");
            } else if (price == null) {
                respond(exchange, 404, "{\"title\":\"unknown sku\",\"status\":404}");
            } else {
                Long units = available.get(sku);
                respond(exchange, 200, "{\"sku\":\"" + sku + "\",\"name\":\"Product " + sku + "\",\"priceCents\":" + price
                        + (units == null ? "" : ",\"available\":" + units) + "}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
