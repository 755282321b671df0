package io.firedrill.messaging.testing;

import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.Message;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessagingProperties;
import io.firedrill.stack.testing.AdminHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every saga participant's integration tests do the same way, for a {@code @SpringBootTest} of the service on
 * random ports that consumes a per-run command topic: hand a command to its dispatcher or produce it to Kafka as
 * cdc-relay would, read back what it announced in its outbox, and call its HTTP and management ports. The subclass
 * names the service (its {@code @SpringBootTest}), the topic and the tenant region.
 */
public abstract class ServiceTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final ContractCodec CODEC = ContractCodec.shared();
    private static KafkaProducer<byte[], byte[]> producer;

    @Autowired protected JdbcTemplate jdbc;
    /** By name: the binding bean of the service's command topic is the same dispatcher. */
    @Autowired @Qualifier("messageDispatcher") protected MessageDispatcher dispatcher;
    @Autowired protected MessagingProperties messaging;
    @Value("${local.server.port}") protected int appPort;
    @Value("${local.management.port}") protected int managementPort;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The per-run topic the service under test consumes its commands from. */
    protected abstract String commandTopic();

    /** The tenant region the commands of these tests are sent for. */
    protected abstract TenantRegion region();

    @AfterAll
    static void closeProducer() {
        // The context (and its topic) outlives a class; the producer is cheap to make again.
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    // --- commands --------------------------------------------------------------------------------------------

    /** Hands a command to the consumer exactly as the binder would, on this thread; returns the outcome. */
    protected MessageDispatcher.Outcome dispatch(Message message) {
        return dispatch(UUID.randomUUID(), message);
    }

    protected MessageDispatcher.Outcome dispatch(UUID eventId, Message message) {
        return dispatcher.dispatch(TestMessages.received(commandTopic(), eventId, message, region().id()));
    }

    /** Produces a command to the service's topic as cdc-relay would (payload + headers, keyed by order id). */
    protected void send(UUID eventId, Message message) throws Exception {
        TestMessages.send(producer(), commandTopic(), eventId, message, region().id());
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

    /** The management port, called with the stack's admin bearer token. */
    protected AdminHttp admin() {
        return AdminHttp.management(managementPort);
    }
}
