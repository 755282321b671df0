package io.firedrill.shipment;

import io.firedrill.messaging.testing.TestMessages;
import static io.firedrill.messaging.testing.TestHttp.json;
import static io.firedrill.shipment.ShipmentTestSupport.address;
import static io.firedrill.shipment.ShipmentTestSupport.createShipment;
import static io.firedrill.shipment.ShipmentTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.commands.CreateShipment;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessagingProperties;
import io.firedrill.messaging.TransientFailure;
import io.firedrill.shipment.domain.LabelKey;
import io.firedrill.shipment.domain.Shipment;
import io.firedrill.shipment.persistence.ShipmentRepository;
import io.firedrill.shipment.storage.LabelStore;
import io.firedrill.stack.testing.TcpProxy;
import io.firedrill.stack.Endpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * S3 down or hanging (the proxy in front of it refuses or holds connections). A CreateShipment must leave no trace
 * (no shipment row, no outbox row, not marked processed) and go back to the binder as a transient failure, be
 * redelivered for as long as the outage lasts, and complete once S3 is back. The label endpoint answers 503.
 */
class LabelStoreOutageIntegrationTest extends ShipmentStackTest {

    @Autowired @Qualifier("messageDispatcher") MessageDispatcher dispatcher; // the binding bean is the same object
    @Autowired MessagingProperties messaging;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired ShipmentRepository shipments;
    @Autowired LabelStore labels;
    @Autowired TransactionTemplate transactions;
    @LocalServerPort int port;
    @LocalManagementPort int managementPort;

    @Test
    void commandIsHandedBackWithoutEffectsWhileTheLabelStoreIsDown() {
        S3.mode(TcpProxy.Mode.REFUSE);
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String topic = "direct-" + TOPIC;
        double retriedBefore = retried(topic);
        double unavailableBefore = unavailable();

        assertThatThrownBy(() -> dispatcher.dispatch(TestMessages.received(topic, eventId,
                createShipment(orderId, address()), "eu-west")))
                .isInstanceOf(TransientFailure.class)
                .hasMessageContaining("label store unavailable for order " + orderId);

        assertNoEffects(orderId, eventId);
        int attempts = messaging.maxAttempts();
        assertThat(retried(topic) - retriedBefore).isEqualTo(attempts);
        assertThat(unavailable() - unavailableBefore).isEqualTo(attempts);
        assertThat(meters.find("firedrill_label_upload_seconds").tag("outcome", "failure").timer())
                .satisfies(t -> assertThat(t.count()).isGreaterThanOrEqualTo(attempts));
    }

    @Test
    void uploadThatHangsIsCutOffByTheUploadTimeout() {
        S3.mode(TcpProxy.Mode.HOLD);
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> dispatcher.dispatch(TestMessages.received("direct-" + TOPIC, eventId,
                createShipment(orderId, address()), "eu-west")))
                .isInstanceOf(TransientFailure.class)
                .hasMessageContaining("label store unavailable");

        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // 3 attempts bounded by the 3 s upload timeout each (plus backoff), not an endless wait.
        assertThat(took).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(30));
        assertNoEffects(orderId, eventId);
    }

    @Test
    void commandOutlivesAnOutageLongerThanTheContainersRetriesAndCompletesWhenS3Returns(Endpoints endpoints) {
        S3.mode(TcpProxy.Mode.REFUSE);
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        double before = retried(TOPIC);
        try (KafkaProducer<byte[], byte[]> producer = TestMessages.producer(endpoints.kafkaBootstrap())) {
            TestMessages.send(producer, TOPIC, eventId, createShipment(orderId, address()), "us-east");
        }

        // Spring Kafka's default error handler gives up after 10 deliveries; 15 deliveries prove it no longer does.
        int deliveries = 15;
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> retried(TOPIC) - before >= deliveries * messaging.maxAttempts());
        assertNoEffects(orderId, eventId);

        S3.mode(TcpProxy.Mode.PASS);
        String labelKey = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                () -> shipments.findByOrderId(orderId).map(Shipment::labelKey).orElse(null), key -> key != null);
        assertThat(labels.exists(labelKey)).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE aggregateid = ? AND type = 'ShipmentCreated'",
                Integer.class, orderId.toString())).isEqualTo(1);
    }

    @Test
    void labelEndpointAnswers503AndHealthShowsTheStoreDown() {
        UUID orderId = UUID.randomUUID();
        transactions.executeWithoutResult(status -> shipments.insert(Shipment.created(orderId, UUID.randomUUID(),
                LabelKey.of("labels", Instant.now(), orderId), "FIREDRILL-POST", TenantRegion.EU_WEST, Instant.now())));
        S3.mode(TcpProxy.Mode.REFUSE);

        HttpResponse<byte[]> label = get("http://127.0.0.1:" + port + "/api/shipments/" + orderId + "/label", "image/png");
        assertThat(label.statusCode()).isEqualTo(503);
        assertThat(label.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(label.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(label.body()).get("status").asInt()).isEqualTo(503);

        HttpResponse<byte[]> health = get("http://127.0.0.1:" + managementPort + "/actuator/health", null);
        assertThat(json(health.body()).at("/components/labelStore/status").asText()).isEqualTo("DOWN");
        HttpResponse<byte[]> readiness = get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).as("reads still work, so the service stays ready").isEqualTo(200);
    }

    private void assertNoEffects(UUID orderId, UUID eventId) {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ?", Integer.class, orderId.toString()))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE aggregateid = ?", Integer.class, orderId.toString()))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM processed_message WHERE message_id = ?", Integer.class,
                eventId.toString())).as("not marked processed, so the redelivery is handled").isZero();
    }

    private double retried(String topic) {
        return meters.find("firedrill_events_retried_total").tag("topic", topic).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double unavailable() {
        return meters.find("firedrill_shipments_total").tag("outcome", "label_store_unavailable").counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
