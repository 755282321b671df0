package io.firedrill.order;

import io.firedrill.order.admin.OrderSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.order.support.CardVaultStub;
import io.firedrill.order.support.CatalogStub;
import io.firedrill.order.support.ReplyProducer;
import io.firedrill.stack.junit.FiredrillStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.firedrill.contracts.events.InventoryReserved;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.ReservationExpired;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on the real stack, shared by every integration test class (one Spring context): MariaDB primary
 * and replica, Kafka. Isolation from the rest of the platform: its own database ({@code order_service_test}, outside
 * cdc-relay's {@code firedrill_.*} capture, so test commands never reach real participants) and per-run copies of
 * the reply topics, where the tests play the participants with {@link ReplyProducer}. The catalog is
 * {@link CatalogStub}.
 */
@ExtendWith(FiredrillStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // This stack's endpoints (FIREDRILL_PORT_BASE) and admin token, as `make up` hands them to the services.
        "spring.config.import=optional:file:../../.firedrill/stack.env[.properties]",
        "management.server.port=0",
        "spring.datasource.url=jdbc:mysql://127.0.0.1:${FIREDRILL_MARIADB_PRIMARY_PORT}/order_service_test"
                + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true",
        "firedrill.order.replica.url=jdbc:mysql://127.0.0.1:${FIREDRILL_MARIADB_REPLICA_PORT}/order_service_test"
                + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=2000&socketTimeout=5000",
        "firedrill.messaging.initial-backoff=20ms",
        // Tests leave sagas waiting for replies that never come and time them out on purpose: with the adaptive bound
        // those late sagas would lower it for every later test. Fixed bound here; CheckoutAdmissionTest turns it on.
        "firedrill.order.admission.latency-target=0"})
public abstract class OrderServiceTestBase {

    protected static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    protected static final String TOPIC_PREFIX = "ordertest-" + RUN + ".";
    protected static final CatalogStub CATALOG = CatalogStub.start();
    protected static final CardVaultStub VAULT = CardVaultStub.start();
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ReplyProducer participants;

    @DynamicPropertySource
    static void isolation(DynamicPropertyRegistry registry) {
        registry.add("firedrill.order.inventory-url", CATALOG::url);
        registry.add("firedrill.order.payment-url", VAULT::url);
        for (String binding : List.of("inventoryEvents", "paymentEvents", "shipmentEvents")) {
            String topic = binding.replace("Events", "") + ".events";
            registry.add("spring.cloud.stream.bindings." + binding + "-in-0.destination", () -> TOPIC_PREFIX + topic);
            // A fresh group per run: members of a killed earlier run would hold up the first rebalance.
            registry.add("spring.cloud.stream.bindings." + binding + "-in-0.group", () -> "order-service-test-" + RUN);
            registry.add("spring.cloud.stream.kafka.bindings." + binding + "-in-0.consumer.start-offset", () -> "earliest");
        }
    }

    @Autowired protected JdbcTemplate jdbc;
    @Autowired protected OrderSettings settings;
    @Autowired protected Environment environment;

    private static volatile boolean leftoversRetired;

    /**
     * Sagas an earlier run left in flight (their participants were this test's producer, long gone) would be swept
     * during this run and end in noisy timeouts and COMPENSATION_FAILED; retire them once, before the first test.
     */
    @BeforeEach
    void retireLeftoversOfEarlierRuns() {
        if (!leftoversRetired) {
            leftoversRetired = true;
            jdbc.update("UPDATE saga_instance SET state = 'CANCELLED', step = NULL, step_deadline = NULL, "
                    + "last_error = 'retired by the test suite', version = version + 1 "
                    + "WHERE state IN ('RUNNING', 'COMPENSATING') AND created_at < UTC_TIMESTAMP(6) - INTERVAL 5 MINUTE");
        }
    }

    @AfterEach
    void restoreSettings() {
        settings.reset();
        CATALOG.failWith(0);
        VAULT.failWith(0);
    }

    private static volatile String kafkaBootstrap;

    private static volatile boolean consumersSettled;

    @BeforeEach
    void rememberKafkaOfTheStack() {
        kafkaBootstrap = environment.getRequiredProperty("FIREDRILL_KAFKA_BOOTSTRAP");
        if (!consumersSettled) {
            awaitConsumerGroupSettled();
            consumersSettled = true;
        }
    }

    /**
     * Waits, once, until this run's consumer group is stable with every partition of the three reply topics assigned.
     * Its twelve consumers join one by one after the context starts, and each join is a rebalance; a rebalance during
     * a test makes the service forget the SKUs the test announced sold out (StockAvailabilityFeed fails open on
     * revocation, by design), which failed CheckoutAdmissionTest in CI when it ran first.
     */
    private static void awaitConsumerGroupSettled() {
        String group = "order-service-test-" + RUN;
        List<String> topics = List.of("inventory", "payment", "shipment").stream().map(t -> TOPIC_PREFIX + t + ".events").toList();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        try (Admin admin = Admin.create(props)) {
            Awaitility.await("consumer group " + group + " stable with every partition of " + topics + " assigned")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> {
                        Set<TopicPartition> partitions = new HashSet<>();
                        admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                                .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
                        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                        Set<TopicPartition> assigned = new HashSet<>();
                        description.members().forEach(m -> assigned.addAll(m.assignment().topicPartitions()));
                        return description.groupState() == GroupState.STABLE && assigned.equals(partitions);
                    });
        }
    }

    protected static synchronized ReplyProducer participants() {
        if (participants == null) {
            participants = new ReplyProducer(kafkaBootstrap, TOPIC_PREFIX);
        }
        return participants;
    }

    protected static ConditionFactory await() {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50));
    }

    // --- HTTP --------------------------------------------------------------------------------------------------------

    protected record Response(int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** Asserts an RFC 9457 problem with this status and returns it. */
        public JsonNode problem(int expectedStatus) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(contentType()).startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(problem.path("type").asText()).startsWith("https://firedrill.io/problems/");
            assertThat(problem.path("title").asText()).isNotBlank();
            assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
            return problem;
        }
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port");
    }

    /** The management port, called with the stack's admin bearer token. */
    protected io.firedrill.stack.testing.AdminHttp admin() {
        return io.firedrill.stack.testing.AdminHttp.management(Integer.parseInt(environment.getProperty("local.management.port")));
    }

    protected String managementUrl() {
        return "http://127.0.0.1:" + environment.getProperty("local.management.port");
    }

    protected Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : baseUrl() + url)).GET());
    }

    protected Response post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    protected static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // --- checkouts ---------------------------------------------------------------------------------------------------

    /** A SKU only this test knows, priced in the catalog. */
    protected static String newSku(long priceCents) {
        String sku = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
        CATALOG.price(sku, priceCents);
        return sku;
    }

    /** A checkout body: {@code lines} alternate SKU and quantity. */
    protected static String checkout(UUID customerId, Object... lines) {
        return checkoutWithCard(customerId, "4111111111111111", lines);
    }

    /** A checkout body paying with {@code cardNumber}, tokenized at the vault for this customer first. */
    protected static String checkoutWithCard(UUID customerId, String cardNumber, Object... lines) {
        return checkoutWithToken(customerId, VAULT.tokenize(customerId, cardNumber), lines);
    }

    protected static String checkoutWithToken(UUID customerId, String token, Object... lines) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < lines.length; i += 2) {
            items.add(Map.of("sku", lines[i], "quantity", lines[i + 1]));
        }
        try {
            return JSON.writeValueAsString(Map.of("customerId", customerId.toString(), "tenantRegion", "eu-west",
                    "items", items, "paymentMethod", Map.of("type", "token", "token", token)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Places an order for one unit of a fresh SKU priced 1250 cents; returns its id. */
    protected UUID placeOrder() {
        return placeOrder(UUID.randomUUID(), newSku(1250), 1);
    }

    protected UUID placeOrder(UUID customerId, Object... lines) {
        Response response = post("/api/orders", checkout(customerId, lines));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return UUID.fromString(response.json().path("orderId").asText());
    }

    // --- rows ------------------------------------------------------------------------------------------------------

    protected Map<String, Object> orderRow(UUID orderId) {
        return jdbc.queryForMap("SELECT * FROM orders WHERE id = ?", orderId.toString());
    }

    protected Map<String, Object> sagaRow(UUID orderId) {
        return jdbc.queryForMap("SELECT * FROM saga_instance WHERE order_id = ?", orderId.toString());
    }

    protected int orderCount(UUID customerId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE customer_id = ?", Integer.class, customerId.toString());
    }

    /** Message types the service announced for this order, oldest first. */
    protected List<String> outboxTypes(UUID orderId) {
        return jdbc.queryForList("SELECT type FROM outbox WHERE aggregateid = ? ORDER BY created_at, id", String.class,
                orderId.toString());
    }

    protected int outboxCount(UUID orderId, String type) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE aggregateid = ? AND type = ?", Integer.class,
                orderId.toString(), type);
    }

    /** Payload of the latest outbox row of this type for the order. */
    protected JsonNode outboxPayload(UUID orderId, String type) {
        String payload = jdbc.queryForObject("SELECT payload FROM outbox WHERE aggregateid = ? AND type = ? "
                + "ORDER BY created_at DESC, id LIMIT 1", String.class, orderId.toString(), type);
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    protected void awaitSaga(UUID orderId, String state, String step) {
        await().untilAsserted(() -> {
            Map<String, Object> saga = sagaRow(orderId);
            assertThat(saga.get("state")).as("saga state of %s", orderId).isEqualTo(state);
            assertThat(saga.get("step")).as("saga step of %s", orderId).isEqualTo(step);
        });
    }

    protected void awaitOrderStatus(UUID orderId, String status) {
        await().untilAsserted(() -> assertThat(orderRow(orderId).get("status")).as("order %s", orderId).isEqualTo(status));
    }

    // --- the participants' side -------------------------------------------------------------------------------------

    protected UUID reserve(UUID order) {
        UUID reservation = UUID.randomUUID();
        participants().send(new InventoryReserved(order, reservation, Instant.now().plusSeconds(30)));
        awaitSaga(order, "RUNNING", "AUTHORIZE_PAYMENT");
        return reservation;
    }

    protected UUID authorize(UUID order) {
        UUID payment = UUID.randomUUID();
        participants().send(new PaymentAuthorized(order, payment, 1250));
        awaitSaga(order, "RUNNING", "COMMIT_RESERVATION");
        return payment;
    }

    /**
     * An order whose commit was refused and whose RefundPayment is never acknowledged (2 attempts of 300 ms, then
     * COMPENSATION_FAILED: compensationRetryFor off).
     */
    protected UUID refundThatPaymentNeverAcknowledges() {
        return refundThatPaymentNeverAcknowledges(Duration.ZERO);
    }

    /** The same with the given compensationRetryFor. */
    protected UUID refundThatPaymentNeverAcknowledges(Duration compensationRetryFor) {
        settings.update(s -> new OrderSettings.Snapshot(s.reservationTtlSeconds(), s.reserveDeadline(),
                s.paymentDeadline(), s.commitDeadline(), s.shipmentDeadline(), Duration.ofMillis(300),
                s.stepMaxAttempts(), 2, compensationRetryFor, s.sweeperInterval(), s.readConsistency(), s.maxSagasInFlight(),
                s.admissionLatencyTarget()));
        UUID order = placeOrder();
        UUID reservation = reserve(order);
        authorize(order);
        participants().send(new ReservationExpired(order, reservation, Instant.now()));
        return order;
    }
}
