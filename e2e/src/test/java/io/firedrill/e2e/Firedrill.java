package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firedrill.stack.Endpoints;
import io.firedrill.stack.Stack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;

/** A client of the running system for end-to-end tests: the public APIs, the runtime settings, the databases. */
public final class Firedrill {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String GOOD_CARD = "4242424242424242";
    static final String DECLINED_CARD = "4000000000000002";
    static final List<String> TERMINAL = List.of("COMPLETED", "CANCELLED", "COMPENSATION_FAILED");

    private final Stack stack;
    private final Endpoints endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    Firedrill(Stack stack) {
        this.stack = stack;
        this.endpoints = stack.endpoints();
    }

    Stack stack() { return stack; }
    Endpoints endpoints() { return endpoints; }

    String appUrl(int serviceIndex) { return "http://127.0.0.1:" + stack.layout().ports().service(serviceIndex); }
    String adminUrl(int serviceIndex) { return "http://127.0.0.1:" + stack.layout().ports().management(serviceIndex); }
    String orderUrl() { return appUrl(0); }
    String inventoryUrl() { return appUrl(1); }

    /**
     * Loads SKUs with a fresh random prefix so tests never share stock, through inventory's admin route (management
     * port, admin token); returns the SKUs in order.
     */
    List<String> loadCatalog(int... stockPerSku) throws Exception {
        String prefix = "E2E-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        ArrayNode items = JSON.createArrayNode();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < stockPerSku.length; i++) {
            String sku = prefix + "-" + i;
            skus.add(sku);
            items.addObject().put("sku", sku).put("name", "e2e item " + i).put("priceCents", 1000 + i).put("stock", stockPerSku[i]);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("items", items);
        HttpResponse<String> response = admin("POST", adminUrl(1) + "/admin/catalog", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return skus;
    }

    /** A checkout body paying with {@code card}, tokenized for the customer at payment-service first (as a shop does). */
    ObjectNode orderBody(UUID customerId, String card, Map<String, Integer> lines) throws Exception {
        return orderBodyWithToken(customerId, cardToken(customerId, card), lines);
    }

    /** A checkout body paying with a card the customer tokenized before (a returning customer's saved card). */
    static ObjectNode orderBodyWithToken(UUID customerId, String token, Map<String, Integer> lines) {
        ObjectNode body = JSON.createObjectNode().put("customerId", customerId.toString()).put("tenantRegion", "eu-west");
        ArrayNode items = body.putArray("items");
        lines.forEach((sku, qty) -> items.addObject().put("sku", sku).put("quantity", qty));
        body.putObject("paymentMethod").put("type", "token").put("token", token);
        return body;
    }

    /** {@code POST /api/payment-methods} at payment-service: the customer's token for {@code card}. */
    String cardToken(UUID customerId, String card) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("customerId", customerId.toString()).put("cardNumber", card);
        HttpResponse<String> response = send("POST", appUrl(2) + "/api/payment-methods", request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("token").asText();
    }

    /** POST /api/orders; asserts 202 and returns the order id. */
    UUID placeOrder(String card, Map<String, Integer> lines) throws Exception {
        HttpResponse<String> response = send("POST", orderUrl() + "/api/orders", orderBody(UUID.randomUUID(), card, lines));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).path("orderId").asText());
    }

    /**
     * A SKU whose last unit order-service still counts as free (the figure of its last catalog read) while inventory
     * has none: an order for it is admitted and refused at reservation, the saga's own out-of-stock path (order-service
     * refuses at the door whatever it knows to be sold out). The unit is taken straight in inventory's table, as a
     * checkout through another order-service instance would; {@link #giveBackUnitTakenElsewhere} returns it.
     */
    String skuSoldOutBehindOrderServicesBack() throws Exception {
        String sku = loadCatalog(2).get(0);
        UUID first = placeOrder(GOOD_CARD, Map.of(sku, 1)); // priced: 2 free, 1 claimed by order-service
        assertThat(awaitTerminal(first, Duration.ofSeconds(120))).containsEntry("status", "COMPLETED");
        update("firedrill_inventory", "UPDATE stock SET reserved = reserved + 1 WHERE sku = ?", sku);
        return sku;
    }

    void giveBackUnitTakenElsewhere(String sku) throws SQLException {
        update("firedrill_inventory", "UPDATE stock SET reserved = reserved - 1 WHERE sku = ?", sku);
    }

    /**
     * POST /api/orders until it is accepted while order-service refuses it as sold out (409): back in stock reaches
     * order-service as an event, a moment after inventory's own stock says so. A 409 creates no order.
     */
    UUID placeOrderOnceSellable(String card, Map<String, Integer> lines, Duration timeout) {
        return org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResponse<String> response = send("POST", orderUrl() + "/api/orders", orderBody(UUID.randomUUID(), card, lines));
            if (response.statusCode() == 409 && response.body().contains("OUT_OF_STOCK")) {
                return null;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            return UUID.fromString(JSON.readTree(response.body()).path("orderId").asText());
        }, java.util.Objects::nonNull);
    }

    /** POST /api/orders without waiting and without retrying, whatever the answer. */
    CompletableFuture<HttpResponse<String>> postOrderAsync(ObjectNode body) {
        try {
            return postOrderAsync(JSON.writeValueAsString(body));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<HttpResponse<String>> postOrderAsync(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(orderUrl() + "/api/orders")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** POST /api/orders with a fresh customer id, whatever the answer. */
    HttpResponse<String> postOrder(UUID customerId, String card, Map<String, Integer> lines) throws Exception {
        return send("POST", orderUrl() + "/api/orders", orderBody(customerId, card, lines));
    }

    /**
     * POST /api/orders without waiting. A 503 (catalog or database momentarily unavailable, or more sagas in flight
     * than the admission bound, with Retry-After) is retried like a well-behaved client would, up to 60 times a
     * second apart: a cold order-service pricing 200 concurrent checkouts can shed the first ones, and once their
     * sagas run late the adaptive bound admits about 32 at a time (20 retries ran out in a fresh-clone CI run).
     */
    CompletableFuture<UUID> placeOrderAsync(String card, Map<String, Integer> lines) {
        try {
            String body = JSON.writeValueAsString(orderBody(UUID.randomUUID(), card, lines));
            return placeOrderAsync(body, 60);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<UUID> placeOrderAsync(String body, int retriesLeft) {
        return postOrderAsync(body).thenCompose(r -> {
            if (r.statusCode() == 503 && retriesLeft > 0) {
                return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS))
                        .thenCompose(ignored -> placeOrderAsync(body, retriesLeft - 1));
            }
            if (r.statusCode() != 202) {
                return CompletableFuture.failedFuture(new IllegalStateException("checkout answered " + r.statusCode() + ": " + r.body()));
            }
            try {
                return CompletableFuture.completedFuture(UUID.fromString(JSON.readTree(r.body()).path("orderId").asText()));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /** The order as the primary sees it (the read API may lag behind on the replica). */
    Map<String, Object> orderRow(UUID orderId) throws SQLException {
        List<Map<String, Object>> rows = query("firedrill_order", "SELECT status, reason FROM orders WHERE id = ?", orderId.toString());
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    /** Waits until the order reaches a terminal state; returns {status, reason}. */
    Map<String, Object> awaitTerminal(UUID orderId, Duration timeout) {
        Map<String, Object>[] last = new Map[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = orderRow(orderId);
            return TERMINAL.contains(String.valueOf(last[0].get("status")));
        });
        return last[0];
    }

    JsonNode stock(String sku) throws Exception {
        HttpResponse<String> response = send("GET", inventoryUrl() + "/api/inventory/stock/" + sku, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** order-service runtime settings ({@code PATCH /admin/settings} on its management port, with the admin token). */
    void orderSettings(Map<String, Object> settings) throws Exception {
        changeSettings(0, settings);
    }

    void resetOrderSettings() throws Exception {
        resetSettings(0);
    }

    void inventorySettings(Map<String, Object> settings) throws Exception {
        changeSettings(1, settings);
    }

    void paymentSettings(Map<String, Object> settings) throws Exception {
        changeSettings(2, settings);
    }

    /** Changes the named runtime settings of a service (index into the stack's service ports). */
    void changeSettings(int serviceIndex, Map<String, Object> settings) throws Exception {
        HttpResponse<String> r = admin("PATCH", adminUrl(serviceIndex) + "/admin/settings", JSON.valueToTree(settings));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The spans Zipkin holds for a trace (an empty array while none arrived yet). */
    JsonNode zipkinTrace(String traceId) throws Exception {
        HttpResponse<String> response = send("GET", endpoints.zipkinUrl() + "/api/v2/trace/" + traceId, null);
        if (response.statusCode() == 404) {
            return JSON.createArrayNode();
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The services that recorded spans of a trace in Zipkin. */
    Set<String> servicesInTrace(String traceId) throws Exception {
        Set<String> services = new java.util.TreeSet<>();
        zipkinTrace(traceId).forEach(span -> services.add(span.path("localEndpoint").path("serviceName").asText()));
        return services;
    }

    /** A service's log file (stdout of the process the stack started). */
    java.nio.file.Path logFile(String service) {
        return stack.layout().logFile(service);
    }

    /** Back to the service's configured settings. */
    void resetSettings(int serviceIndex) throws Exception {
        HttpResponse<String> r = admin("DELETE", adminUrl(serviceIndex) + "/admin/settings", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** A management-port call with the stack's admin bearer token, as the chaos runner and runbooks send it. */
    HttpResponse<String> admin(String method, String url, JsonNode body) throws Exception {
        return send(method, url, body, "Bearer " + endpoints.adminToken());
    }

    HttpResponse<String> send(String method, String url, JsonNode body) throws Exception {
        return send(method, url, body, null);
    }

    private HttpResponse<String> send(String method, String url, JsonNode body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    List<Map<String, Object>> query(String database, String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl(database, false), endpoints.dbUser(), endpoints.dbPassword());
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    int update(String database, String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl(database, false), endpoints.dbUser(), endpoints.dbPassword());
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    long count(String database, String sql, Object... args) throws SQLException {
        return ((Number) query(database, sql, args).get(0).values().iterator().next()).longValue();
    }

    /** A byte-array producer on the stack's Kafka, for tests that inject or redeliver records verbatim. */
    org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> kafkaProducer() {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        props.put(org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        props.put(org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        return new org.apache.kafka.clients.producer.KafkaProducer<>(props);
    }

    /** A byte-array consumer without a group (assign and seek, nothing to rebalance) on the stack's Kafka. */
    org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> kafkaConsumer() {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        return new org.apache.kafka.clients.consumer.KafkaConsumer<>(props);
    }

    /**
     * Waits until the system is quiet: no saga in flight and no consumer group behind on any topic. A test that
     * leaves a backlog (a killed service, a slowed provider) would otherwise make the next test's saga queue behind
     * hundreds of old commands and time out.
     */
    boolean awaitQuiet(Duration timeout) {
        try {
            Awaitility.await("no saga in flight and no consumer lag").atMost(timeout).pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions().until(() -> count("firedrill_order",
                            "SELECT COUNT(*) FROM orders WHERE status NOT IN ('COMPLETED', 'CANCELLED', 'COMPENSATION_FAILED')") == 0
                            && consumerLag() == 0);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException stillBusy) {
            return false;
        }
    }

    /** Records not yet consumed, summed over every consumer group that has members (the running services). */
    long consumerLag() throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        long lag = 0;
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props);
             var consumer = kafkaConsumer()) {
            List<String> groups = admin.listConsumerGroups().all().get().stream().map(g -> g.groupId()).toList();
            for (var group : admin.describeConsumerGroups(groups).all().get().values()) {
                if (group.members().isEmpty()) {
                    continue; // nobody consumes for it now (a finished DLQ replay, a test's own group)
                }
                var committed = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                committed.values().removeIf(java.util.Objects::isNull);
                var end = consumer.endOffsets(committed.keySet());
                for (var e : committed.entrySet()) {
                    lag += Math.max(0, end.getOrDefault(e.getKey(), 0L) - e.getValue().offset());
                }
            }
        }
        return lag;
    }

    /** The result vector of an instant PromQL query against the stack's Prometheus. */
    List<JsonNode> prometheus(String query) throws Exception {
        String url = endpoints.prometheusUrl() + "/api/v1/query?query=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8);
        JsonNode result = JSON.readTree(send("GET", url, null).body()).path("data").path("result");
        return JSON.convertValue(result, JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
    }

    /** Where services and traffic runs register their scrape targets (Prometheus file_sd). */
    java.nio.file.Path prometheusTargetsDir() {
        return stack.layout().prometheusTargets();
    }

    /** One sample of a Prometheus exposition: name{labels} value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static final java.util.regex.Pattern SAMPLE = java.util.regex.Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The samples a service's /actuator/prometheus exposes now (management port, readable without the token). */
    List<Sample> metrics(int serviceIndex) throws Exception {
        String body = send("GET", adminUrl(serviceIndex) + "/actuator/prometheus", null).body();
        return body.lines().filter(l -> !l.startsWith("#")).map(SAMPLE::matcher).filter(java.util.regex.Matcher::matches).map(m -> {
            Map<String, String> labels = new java.util.HashMap<>();
            if (m.group(2) != null) {
                java.util.regex.Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            return new Sample(m.group(1), labels, Double.parseDouble(m.group(3)));
        }).toList();
    }
}
