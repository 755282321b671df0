package io.firedrill.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.traffic.data.CatalogItem;
import io.firedrill.traffic.data.WorkItem;
import io.firedrill.traffic.engine.Endpoint;
import io.firedrill.traffic.engine.OpenModelRun;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The blocking calls to the shop around a run, off the event loop: before it, that each target answers, the catalog
 * is loaded and a flash sale's buyers have saved their cards; after it, the flash-sale SKU's stock as inventory
 * reports it.
 */
final class ShopSetup {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a target may take to accept a connection before it counts as unreachable. */
    static final Duration CONNECT_CHECK = Duration.ofSeconds(2);

    private ShopSetup() {}

    static void checkReachable(Endpoint endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) CONNECT_CHECK.toMillis());
        } catch (ConnectException e) {
            throw new TrafficException(endpoint + " is unreachable (connection refused): is it running? "
                    + "Start the stack or point the run elsewhere with --" + option(endpoint));
        } catch (SocketTimeoutException e) {
            throw new TrafficException(endpoint + " is unreachable (no answer within " + CONNECT_CHECK.toSeconds() + " s)");
        } catch (IOException | IllegalArgumentException e) {
            throw new TrafficException(endpoint + " is unreachable: " + e.getMessage());
        }
    }

    private static String option(Endpoint endpoint) {
        return endpoint.name().endsWith("-service") ? endpoint.name().replace("-service", "") + "-url" : "url";
    }

    /**
     * {@code POST /admin/catalog} on inventory-service's management port, with the admin token, in chunks, before the
     * first arrival, so stock exists.
     */
    static void loadCatalog(TrafficConfig config, List<CatalogItem> catalog) {
        Targets targets = config.targets();
        Endpoint admin = Endpoint.of("inventory-service management", targets.inventoryAdmin());
        if (!config.allowRemoteTargets() && !admin.loopback()) {
            throw new IllegalArgumentException(admin + " is not a loopback address: firedrill-traffic only loads "
                    + "127.0.0.1/localhost unless --allow-remote-targets is given");
        }
        URI uri = URI.create(admin.url() + "/admin/catalog");
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_CHECK).build();
        for (int from = 0; from < catalog.size(); from += 500) {
            List<CatalogItem> chunk = catalog.subList(from, Math.min(catalog.size(), from + 500));
            try {
                byte[] body = JSON.writeValueAsBytes(Map.of("items", chunk));
                HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (!targets.adminToken().isEmpty()) {
                    request.header("Authorization", "Bearer " + targets.adminToken());
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 401 || response.statusCode() == 403) {
                    throw new TrafficException("loading the catalog failed: POST " + uri + " answered HTTP " + response.statusCode()
                            + (targets.adminToken().isEmpty() ? " and no admin token was found" : " to the admin token given")
                            + ": the token is FIREDRILL_ADMIN_TOKEN or <FIREDRILL_HOME, default .firedrill>/admin-token of the"
                            + " stack (--admin-token-file), or skip the load with --skip-catalog");
                }
                if (response.statusCode() / 100 != 2) {
                    throw new TrafficException("loading the catalog failed: POST " + uri + " answered HTTP " + response.statusCode()
                            + ": " + excerpt(response.body()));
                }
            } catch (IOException e) {
                throw new TrafficException("loading the catalog failed: POST " + uri + ": " + e.getMessage()
                        + " (inventory-service's management port: --inventory-admin-url)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrafficException("interrupted while loading the catalog");
            }
        }
    }

    /** Cards tokenized at once before a flash sale opens: enough to keep payment-service busy, not to swamp it. */
    private static final int SAVING_IN_PARALLEL = 16;

    /**
     * A flash sale's buyers save their cards before it opens: {@code POST /api/payment-methods} for each distinct
     * customer and card, {@value #SAVING_IN_PARALLEL} at a time. A card that could not be saved is tokenized at the
     * buyer's checkout instead (as outside a sale), so a failure here costs time in the herd, never a buyer.
     *
     * @return token by {@link OpenModelRun#cardKey}
     */
    static Map<String, String> saveCards(TrafficConfig config, List<WorkItem.Checkout> buyers) {
        if (buyers.isEmpty()) {
            return Map.of();
        }
        URI uri = URI.create(Endpoint.of("payment-service", config.targets().paymentService()).url() + "/api/payment-methods");
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_CHECK).build();
        Map<String, WorkItem.Checkout> distinct = new LinkedHashMap<>();
        buyers.forEach(b -> distinct.putIfAbsent(OpenModelRun.cardKey(b), b));
        Map<String, String> tokens = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(SAVING_IN_PARALLEL, r -> {
            Thread t = new Thread(r, "firedrill-traffic-save-cards");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Void>> saved = new ArrayList<>();
            distinct.forEach((key, buyer) -> saved.add(CompletableFuture.runAsync(() -> {
                try {
                    byte[] body = JSON.writeValueAsBytes(Map.of("customerId", buyer.customerId(),
                            "cardNumber", buyer.paymentMethod().cardNumber()));
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 == 2) {
                        JsonNode token = JSON.readTree(response.body()).get("token");
                        if (token != null && token.isTextual()) {
                            tokens.put(key, token.asText());
                        }
                    }
                } catch (IOException e) {
                    // Tokenized at checkout instead.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, pool)));
            CompletableFuture.allOf(saved.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        return tokens;
    }

    private static String excerpt(String body) {
        String b = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }

    /** Post-run facts that need blocking calls: the flash-sale SKU's stock as inventory reports it. */
    static TrafficResult afterRun(TrafficConfig config, TrafficResult raw) {
        if (raw.flashSale() == null) {
            return raw;
        }
        TrafficResult.FlashSaleSummary f = raw.flashSale();
        String stock;
        URI uri = URI.create(Endpoint.of("inventory-service", config.targets().inventoryService()).url()
                + "/api/inventory/stock/" + f.sku());
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(CONNECT_CHECK).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            stock = response.statusCode() / 100 == 2 ? excerpt(response.body()) : "HTTP " + response.statusCode();
        } catch (IOException e) {
            stock = "unavailable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stock = "interrupted";
        }
        TrafficResult.FlashSaleSummary withStock = new TrafficResult.FlashSaleSummary(f.sku(), f.units(), f.buyers(), f.accepted(),
                f.completed(), f.paymentDeclined(), f.outOfStock(), f.otherOutcomes(), f.oversold(), stock);
        return new TrafficResult(raw.run(), raw.rates(), raw.operations(), raw.requestsLatencyMs(), raw.regions(), raw.timeline(),
                raw.markers(), withStock, raw.drift(), raw.thresholds(), raw.verdict(), raw.exitCode());
    }
}
