package io.firedrill.order.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.firedrill.order.OrderProperties;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

class CatalogClientTest {

    private HttpServer catalog;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (catalog != null) {
            catalog.stop(0);
        }
    }

    @Test
    void reportsAnUnreachableCatalogAsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CatalogClient client = client("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> client.product("SKU-1")).isInstanceOf(CatalogUnavailableException.class);
    }

    @Test
    void concurrentMissesOfOneSkuShareOneRequest() throws Exception {
        CatalogClient client = client(slowCatalog());

        List<CatalogClient.Product> products = concurrently(20, () -> client.product("SKU-1"));

        assertThat(products).hasSize(20).allSatisfy(p -> assertThat(p.priceCents()).isEqualTo(1999));
        assertThat(requests).as("requests that reached the catalog").hasValue(1);
        assertThat(client.product("SKU-1").name()).isEqualTo("Kettle");
        assertThat(requests).as("then served from the cache").hasValue(1);
    }

    @Test
    void concurrentMissesOfAnUnknownSkuAllGetItsAnswerAndItIsNotCached() throws Exception {
        CatalogClient client = client(slowCatalog());

        List<Throwable> failures = concurrently(10, () -> {
            try {
                client.product("NOPE");
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });

        assertThat(failures).hasSize(10).allSatisfy(f -> assertThat(f).isInstanceOf(UnknownSkuException.class));
        assertThat(requests).hasValue(1);
        assertThatThrownBy(() -> client.product("NOPE")).isInstanceOf(UnknownSkuException.class);
        assertThat(requests).as("an unknown SKU is asked again").hasValue(2);
    }

    /** A real HTTP catalog that takes 300 ms per answer: SKU-1 exists, anything else is 404. */
    private String slowCatalog() throws Exception {
        catalog = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        catalog.setExecutor(Executors.newFixedThreadPool(4));
        catalog.createContext("/api/inventory/catalog/", exchange -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean known = exchange.getRequestURI().getPath().endsWith("/SKU-1");
            byte[] body = (known ? "{\"sku\":\"SKU-1\",\"name\":\"Kettle\",\"priceCents\":1999}" : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        catalog.start();
        return "http://127.0.0.1:" + catalog.getAddress().getPort();
    }

    private static <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static CatalogClient client(String inventoryUrl) {
        OrderProperties properties = new OrderProperties(inventoryUrl, "http://127.0.0.1:9",
                new OrderProperties.Catalog(Duration.ofSeconds(30), 100, Duration.ofMillis(500), Duration.ofSeconds(2),
                        Duration.ofSeconds(2)),
                new OrderProperties.Replica("jdbc:mysql://x/y", "u", "p", 1, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(500)), OrderProperties.ReadConsistency.REPLICA, 30,
                new OrderProperties.Deadlines(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ofSeconds(1)),
                3, 5, Duration.ZERO, Duration.ofMillis(500), 20, Duration.ofSeconds(1),
                new OrderProperties.Admission(200, 8, Duration.ofSeconds(2), Duration.ofSeconds(2), 32, Duration.ofSeconds(1), Duration.ofSeconds(5)), new OrderProperties.Resends(0.1, 1, 20));
        return new CatalogClient(properties, RestClient.builder(), Clock.systemUTC());
    }
}
