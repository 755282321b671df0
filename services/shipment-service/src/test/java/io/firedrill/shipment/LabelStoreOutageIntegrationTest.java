package io.firedrill.shipment;

import static io.firedrill.shipment.ShipmentTestSupport.address;
import static io.firedrill.shipment.ShipmentTestSupport.createShipment;
import static io.firedrill.shipment.ShipmentTestSupport.get;
import static io.firedrill.shipment.ShipmentTestSupport.json;
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
import io.firedrill.stack.junit.FiredrillStackExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * S3 down: the label store points at a closed port. A CreateShipment must leave no trace (no shipment row, no
 * outbox row, not marked processed) and go back to the binder as a transient failure after the dispatcher's
 * retries, so that it is redelivered once S3 is back; the label endpoint answers 503.
 */
@ExtendWith(FiredrillStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LabelStoreOutageIntegrationTest {

    private static final String TOPIC = "shiptest-" + UUID.randomUUID().toString().substring(0, 8) + ".commands";

    @DynamicPropertySource
    static void deadStore(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        registry.add("firedrill.shipment.s3.endpoint", () -> "http://127.0.0.1:" + port);
        registry.add("firedrill.shipment.upload-timeout", () -> "2s");
        registry.add("firedrill.messaging.max-attempts", () -> "3");
        registry.add("firedrill.messaging.initial-backoff", () -> "10ms");
        registry.add("spring.cloud.stream.bindings.shipmentCommands-in-0.destination", () -> TOPIC);
        registry.add("spring.cloud.stream.bindings.shipmentCommands-in-0.group", () -> "shipment-test-" + TOPIC);
    }

    @Autowired @Qualifier("messageDispatcher") MessageDispatcher dispatcher; // the binding bean is the same object
    @Autowired MessagingProperties messaging;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired ShipmentRepository shipments;
    @Autowired TransactionTemplate transactions;
    @LocalServerPort int port;
    @LocalManagementPort int managementPort;

    @Test
    void commandIsHandedBackWithoutEffectsWhileTheLabelStoreIsDown() {
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        CreateShipment command = createShipment(orderId, address());
        double retriedBefore = count("firedrill_events_retried_total");
        double unavailableBefore = count("firedrill_shipments_total");

        assertThatThrownBy(() -> dispatcher.dispatch(ShipmentTestSupport.received(TOPIC, eventId, command, "eu-west")))
                .isInstanceOf(TransientFailure.class)
                .hasMessageContaining("label store unavailable for order " + orderId);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ?", Integer.class, orderId.toString()))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE aggregateid = ?", Integer.class, orderId.toString()))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM processed_message WHERE message_id = ?", Integer.class,
                eventId.toString())).as("not marked processed, so the redelivery is handled").isZero();
        int attempts = messaging.maxAttempts();
        assertThat(count("firedrill_events_retried_total") - retriedBefore).isEqualTo(attempts);
        assertThat(count("firedrill_shipments_total") - unavailableBefore).isEqualTo(attempts);
        assertThat(meters.find("firedrill_label_upload_seconds").tag("outcome", "failure").timer())
                .satisfies(t -> assertThat(t.count()).isGreaterThanOrEqualTo(attempts));
    }

    @Test
    void labelEndpointAnswers503AndHealthShowsTheStoreDown() {
        UUID orderId = UUID.randomUUID();
        transactions.executeWithoutResult(status -> shipments.insert(Shipment.created(orderId, UUID.randomUUID(),
                LabelKey.of("labels", Instant.now(), orderId), "FIREDRILL-POST", TenantRegion.EU_WEST, Instant.now())));

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

    private double count(String name) {
        return switch (name) {
            case "firedrill_shipments_total" -> meters.find(name).tag("outcome", "label_store_unavailable").counters()
                    .stream().mapToDouble(Counter::count).sum();
            default -> meters.find(name).tag("topic", TOPIC).counters().stream().mapToDouble(Counter::count).sum();
        };
    }
}
