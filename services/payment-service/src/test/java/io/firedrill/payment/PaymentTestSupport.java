package io.firedrill.payment;

import io.firedrill.payment.admin.PaymentSettings;
import io.firedrill.messaging.testing.TestMessages;
import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessageHeaderNames;
import io.firedrill.messaging.MessagingProperties;
import io.firedrill.payment.domain.CardToken;
import io.firedrill.payment.persistence.CardTokenRepository;
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
 * One application context for every integration test class: the service on random ports against the running stack,
 * consuming a topic of its own. Its database is {@code payment_it}, outside the {@code firedrill_*} pattern cdc-relay
 * captures, so the events these tests write to the outbox never reach the real topics.
 */
@ExtendWith(FiredrillStackExtension.class)
@SpringBootTest(classes = PaymentApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "spring.config.import=optional:file:../../.firedrill/stack.env[.properties]",
        "spring.datasource.url=jdbc:mysql://127.0.0.1:${FIREDRILL_MARIADB_PRIMARY_PORT}/payment_it"
                + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true",
        "firedrill.payment.provider-latency=20ms",
        "firedrill.payment.provider-timeout=1s",
        "firedrill.messaging.initial-backoff=20ms",
        "firedrill.messaging.max-attempts=3",
        "spring.cloud.stream.kafka.bindings.paymentCommands-in-0.consumer.start-offset=earliest"})
public abstract class PaymentTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final ContractCodec CODEC = ContractCodec.shared();
    protected static final TenantRegion REGION = TenantRegion.AP_SOUTH;
    protected static final String CARD = "4242424242424242";
    protected static final String DECLINED_CARD = "4000000000000002";
    private static final String TOPIC = "payment-it-" + UUID.randomUUID().toString().substring(0, 8) + ".commands";
    private static KafkaProducer<byte[], byte[]> producer;

    @DynamicPropertySource
    static void ownTopic(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.stream.bindings.paymentCommands-in-0.destination", () -> TOPIC);
        registry.add("spring.cloud.stream.bindings.paymentCommands-in-0.group", () -> "payment-it-" + TOPIC);
    }

    @Autowired protected JdbcTemplate jdbc;
    /** By name: the binding bean {@code paymentCommands} is the same dispatcher. */
    @Autowired @Qualifier("messageDispatcher") protected MessageDispatcher dispatcher;
    @Autowired protected MessagingProperties messaging;
    @Autowired protected PaymentSettings settings;
    @Autowired protected CardTokenRepository cardTokens;
    @Value("${local.server.port}") protected int appPort;
    @Value("${local.management.port}") protected int managementPort;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    /** Hands a command to the consumer exactly as the binder would, on this thread; returns the outcome. */
    protected MessageDispatcher.Outcome dispatch(Message message) {
        return dispatch(UUID.randomUUID(), message);
    }

    protected MessageDispatcher.Outcome dispatch(UUID eventId, Message message) {
        return dispatcher.dispatch(TestMessages.received(TOPIC, eventId, message, REGION.id()));
    }

    /** A vault token for {@code customer}'s {@code card}, stored as {@code POST /api/payment-methods} stores it. */
    protected String token(UUID customer, String card) {
        CardToken token = CardToken.issue(customer, card, java.time.Instant.now());
        cardTokens.insert(token);
        return token.token();
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

    // --- rows and outbox -------------------------------------------------------------------------------------

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

    protected int payments(UUID orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payment WHERE order_id = ?", Integer.class, orderId.toString());
    }

    protected List<Map<String, Object>> ledger(UUID orderId) {
        return jdbc.queryForList("SELECT l.kind, l.amount_cents FROM ledger_entry l JOIN payment p ON p.id = l.payment_id "
                + "WHERE p.order_id = ? ORDER BY l.created_at, l.kind", orderId.toString());
    }

    protected long charged(UUID orderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(l.amount_cents), 0) FROM ledger_entry l JOIN payment p "
                + "ON p.id = l.payment_id WHERE p.order_id = ?", Long.class, orderId.toString());
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

    /** The management port, called with the stack's admin bearer token. */
    protected AdminHttp admin() {
        return AdminHttp.management(managementPort);
    }
}
