package io.firedrill.inventory;

import io.firedrill.inventory.admin.InventorySettings;
import io.firedrill.messaging.testing.TestMessages;
import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.LineItem;
import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessageHeaderNames;
import io.firedrill.messaging.MessagingProperties;
import io.firedrill.stack.junit.FiredrillStackExtension;
import io.firedrill.stack.testing.AdminHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every integration test class (same configuration, so Spring caches it): the service
 * on random ports against the running stack, consuming a topic of its own so no other test or service interferes.
 * Its database is {@code inventory_it}, outside the {@code firedrill_*} pattern cdc-relay captures, so the events
 * these tests write to the outbox never reach the real topics.
 */
@ExtendWith(FiredrillStackExtension.class)
@SpringBootTest(classes = InventoryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "spring.config.import=optional:file:../../.firedrill/stack.env[.properties]",
        "spring.datasource.url=jdbc:mysql://127.0.0.1:${FIREDRILL_MARIADB_PRIMARY_PORT}/inventory_it"
                + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true",
        "firedrill.inventory.reaper-interval=100ms",
        "firedrill.inventory.gauge-refresh-interval=200ms",
        "spring.cloud.stream.kafka.bindings.inventoryCommands-in-0.consumer.start-offset=earliest"})
public abstract class InventoryTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final ContractCodec CODEC = ContractCodec.shared();
    protected static final TenantRegion REGION = TenantRegion.EU_WEST;
    private static final String TOPIC = "inventory-it-" + UUID.randomUUID().toString().substring(0, 8) + ".commands";
    private static KafkaProducer<byte[], byte[]> producer;

    @DynamicPropertySource
    static void ownTopic(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.stream.bindings.inventoryCommands-in-0.destination", () -> TOPIC);
        // A fresh group per run: members of a killed earlier run would hold up the first rebalance.
        registry.add("spring.cloud.stream.bindings.inventoryCommands-in-0.group", () -> "inventory-it-" + TOPIC);
    }

    @Autowired protected JdbcTemplate jdbc;
    /** By name: the binding bean {@code inventoryCommands} is the same dispatcher. */
    @Autowired @Qualifier("messageDispatcher") protected MessageDispatcher dispatcher;
    @Autowired protected MessagingProperties messaging;
    @Autowired protected InventorySettings settings;
    @Value("${local.server.port}") protected int appPort;
    @Value("${local.management.port}") protected int managementPort;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterAll
    static void closeProducer() {
        // The context (and its topic) outlives a class; the producer is cheap to make again.
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    // --- catalog ---------------------------------------------------------------------------------------------

    /** A SKU no other test uses. */
    protected static String newSku() {
        return "T" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 50), 36).toUpperCase() + "-" + (char) ('A'
                + ThreadLocalRandom.current().nextInt(26));
    }

    /** Loads {@code sku} with {@code available} units through the admin API (management port, admin token). */
    protected void load(String sku, long available) throws Exception {
        HttpResponse<String> response = loadCatalog("""
                {"items":[{"sku":"%s","name":"Test item %s","priceCents":1999,"stock":%d}]}""".formatted(sku, sku, available));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    protected Map<String, Object> stockRow(String sku) {
        return jdbc.queryForMap("SELECT on_hand, reserved, committed FROM stock WHERE sku = ?", sku);
    }

    protected long reserved(String sku) {
        return ((Number) stockRow(sku).get("reserved")).longValue();
    }

    protected long committed(String sku) {
        return ((Number) stockRow(sku).get("committed")).longValue();
    }

    protected long onHand(String sku) {
        return ((Number) stockRow(sku).get("on_hand")).longValue();
    }

    // --- commands --------------------------------------------------------------------------------------------

    protected static List<LineItem> items(Object... skuAndQuantity) {
        List<LineItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            items.add(new LineItem((String) skuAndQuantity[i], (Integer) skuAndQuantity[i + 1]));
        }
        return items;
    }

    /** Hands a command to the consumer exactly as the binder would, on this thread; returns the outcome. */
    protected MessageDispatcher.Outcome dispatch(Message message) {
        return dispatch(UUID.randomUUID(), message);
    }

    protected MessageDispatcher.Outcome dispatch(UUID eventId, Message message) {
        return dispatcher.dispatch(TestMessages.received(TOPIC, eventId, message, REGION.id()));
    }

    /** Produces a command to the service's topic as cdc-relay would (payload + headers, keyed by order id). */
    protected void send(UUID eventId, Message message) throws Exception {
        TestMessages.send(producer(), TOPIC, eventId, message, REGION.id());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = TestMessages.producer(messaging.kafkaBootstrap());
        }
        return producer;
    }


    // --- outbox ----------------------------------------------------------------------------------------------

    /** Messages this service announced for {@code orderId}, oldest first, decoded. */
    protected List<Message> announced(UUID orderId) {
        return jdbc.query("SELECT type, payload FROM outbox WHERE aggregateid = ? ORDER BY created_at, id",
                (rs, n) -> CODEC.fromJson(rs.getString("type"), rs.getString("payload").getBytes(StandardCharsets.UTF_8)),
                orderId.toString());
    }

    protected <T extends Message> List<T> announced(UUID orderId, Class<T> type) {
        return announced(orderId).stream().filter(type::isInstance).map(type::cast).toList();
    }

    protected <T extends Message> T awaitAnnounced(UUID orderId, Class<T> type) {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> announced(orderId, type).stream().findFirst(), Optional::isPresent).get();
    }

    // --- HTTP ------------------------------------------------------------------------------------------------

    protected String app(String path) {
        return "http://127.0.0.1:" + appPort + path;
    }

    protected String management(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    protected HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /admin/catalog} on the management port with the admin token. */
    protected HttpResponse<String> loadCatalog(String json) {
        return admin().post("/admin/catalog", json);
    }

    /** The management port, called with the stack's admin bearer token. */
    protected AdminHttp admin() {
        return AdminHttp.management(managementPort);
    }
}
