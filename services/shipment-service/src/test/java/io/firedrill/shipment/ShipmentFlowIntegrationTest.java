package io.firedrill.shipment;

import io.firedrill.stack.testing.OpenApiCapture;
import io.firedrill.messaging.testing.TestHttp;
import io.firedrill.messaging.testing.TestMessages;
import io.firedrill.stack.testing.AdminHttp;
import static io.firedrill.messaging.testing.TestHttp.json;
import static io.firedrill.shipment.ShipmentTestSupport.address;
import static io.firedrill.shipment.ShipmentTestSupport.createShipment;
import static io.firedrill.shipment.ShipmentTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.contracts.Address;
import io.firedrill.contracts.commands.CreateShipment;
import io.firedrill.shipment.domain.TrackingNumber;
import io.firedrill.shipment.label.LabelRenderer;
import io.firedrill.stack.Endpoints;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole participant on the real stack: CreateShipment records are produced to Kafka as cdc-relay would, consumed
 * by the binder, and the effects are read back from MariaDB (shipment and outbox rows), S3 (the label object, read
 * directly, not through the proxy) and the HTTP API.
 */
class ShipmentFlowIntegrationTest extends ShipmentStackTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static KafkaProducer<byte[], byte[]> producer;
    private static MinioClient s3;
    private static String bucket;

    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @LocalServerPort int port;
    @LocalManagementPort int managementPort;

    @BeforeEach
    void clients(Endpoints endpoints) {
        if (producer == null) {
            producer = TestMessages.producer(endpoints.kafkaBootstrap());
            s3 = MinioClient.builder().endpoint(endpoints.s3Endpoint())
                    .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).region("us-east-1").build();
            bucket = endpoints.s3Bucket();
        }
    }

    @AfterAll
    static void close() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void createsTheShipmentStoresAPngLabelInS3AndAnnouncesShipmentCreated() throws Exception {
        UUID orderId = UUID.randomUUID();
        CreateShipment command = createShipment(orderId, address());
        send(command, "us-east");

        Map<String, Object> row = awaitShipmentRow(orderId);
        assertThat(row.get("status")).isEqualTo("CREATED");
        assertThat(row.get("customer_id")).isEqualTo(command.customerId().toString());
        assertThat(row.get("tenant_region")).isEqualTo("us-east");
        assertThat(row.get("carrier")).isEqualTo("FIREDRILL-POST");
        assertThat(TrackingNumber.isValid((String) row.get("tracking_number"))).isTrue();
        String labelKey = (String) row.get("label_key");
        assertThat(labelKey).matches("labels/\\d{4}/\\d{2}/" + orderId + "\\.png");

        List<JsonNode> announced = outbox(orderId, "ShipmentCreated");
        assertThat(announced).hasSize(1);
        assertThat(announced.get(0).get("shipmentId").asText()).isEqualTo(row.get("id"));
        assertThat(announced.get(0).get("labelKey").asText()).isEqualTo(labelKey);
        assertThat(jdbc.queryForObject("SELECT aggregatetype FROM outbox WHERE aggregateid = ? AND type = 'ShipmentCreated'",
                String.class, orderId.toString())).isEqualTo("shipment.events");

        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(labelKey).build())) {
            BufferedImage label = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
            assertThat(label).as("the object decodes as an image").isNotNull();
            assertThat(label.getWidth()).isEqualTo(LabelRenderer.WIDTH);
            assertThat(label.getHeight()).isEqualTo(LabelRenderer.HEIGHT);
        }
        // One series per tenant region (all registered at 0 at start): the created ones add up to at least this one.
        assertThat(meters.find("firedrill_shipments_total").tag("outcome", "created").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()).isPositive();
    }

    @Test
    void sameCommandDeliveredTwiceCreatesOneShipmentAndOneLabelAndAnnouncesItAgain() throws Exception {
        UUID orderId = UUID.randomUUID();
        CreateShipment command = createShipment(orderId, address());
        UUID eventId = UUID.randomUUID();
        UUID resent = UUID.randomUUID();
        send(eventId, command, "eu-west");
        send(eventId, command, "eu-west");     // redelivery of the same record: deduplicated by event id
        send(resent, command, "eu-west");      // the saga sending the command again: re-announced

        // All three share the order id as key, hence one partition: once the last is processed, so are the others.
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM processed_message WHERE message_id = ?", Integer.class, resent.toString())).isEqualTo(1));
        assertThat(outbox(orderId, "ShipmentCreated")).hasSize(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ?", Integer.class, orderId.toString()))
                .isEqualTo(1);
        List<JsonNode> announced = outbox(orderId, "ShipmentCreated");
        assertThat(announced.get(0)).isEqualTo(announced.get(1));
        String labelKey = announced.get(0).get("labelKey").asText();
        assertThat(objectsUnder(labelKey.substring(0, labelKey.lastIndexOf('/') + 1) + orderId)).containsExactly(labelKey);
    }

    @Test
    void addressThatCannotBeLabelledFailsTheShipmentWithAReason() {
        UUID orderId = UUID.randomUUID();
        Address nowhere = new Address("Nemo", "1 Nowhere Road", null, "Atlantis", "00000", "ZZ");
        CreateShipment command = createShipment(orderId, nowhere);
        send(command, "ap-south");
        send(command, "ap-south");

        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(outbox(orderId, "ShipmentFailed")).hasSize(2));
        Map<String, Object> row = awaitShipmentRow(orderId);
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat(row.get("label_key")).isNull();
        assertThat(outbox(orderId, "ShipmentFailed")).allSatisfy(event ->
                assertThat(event.get("reason").asText()).contains("unknown destination country 'ZZ'"));
        assertThat(outbox(orderId, "ShipmentCreated")).isEmpty();

        HttpResponse<byte[]> label = get(api("/api/shipments/" + orderId + "/label"), "image/png");
        assertThat(label.statusCode()).isEqualTo(404);
        assertThat(label.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(label.body()).get("detail").asText()).contains(orderId.toString()).contains("ZZ");
    }

    @Test
    void apiReturnsTheShipmentAndStreamsItsLabelWithTheContentType() throws Exception {
        UUID orderId = UUID.randomUUID();
        send(createShipment(orderId, address()), "eu-west");
        Map<String, Object> row = awaitShipmentRow(orderId);

        HttpResponse<byte[]> shipment = get(api("/api/shipments/" + orderId), null);
        assertThat(shipment.statusCode()).isEqualTo(200);
        JsonNode body = json(shipment.body());
        assertThat(body.get("shipmentId").asText()).isEqualTo(row.get("id"));
        assertThat(body.get("status").asText()).isEqualTo("CREATED");
        assertThat(body.get("trackingNumber").asText()).isEqualTo(row.get("tracking_number"));
        assertThat(body.get("labelKey").asText()).isEqualTo(row.get("label_key"));
        assertThat(body.get("labelUrl").asText()).isEqualTo("/api/shipments/" + orderId + "/label");

        HttpResponse<byte[]> label = get(api(body.get("labelUrl").asText()), null);
        assertThat(label.statusCode()).isEqualTo(200);
        assertThat(label.headers().firstValue("Content-Type")).hasValue("image/png");
        byte[] stored;
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object((String) row.get("label_key")).build())) {
            stored = in.readAllBytes();
        }
        assertThat(label.body()).isEqualTo(stored);
        assertThat(label.headers().firstValueAsLong("Content-Length")).hasValue(stored.length);
    }

    @Test
    void badRequestsGetProblemDetails() {
        UUID unknown = UUID.randomUUID();
        HttpResponse<byte[]> missing = get(api("/api/shipments/" + unknown), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(missing.body()).get("detail").asText()).contains(unknown.toString());

        HttpResponse<byte[]> missingLabel = get(api("/api/shipments/" + unknown + "/label"), "image/png");
        assertThat(missingLabel.statusCode()).isEqualTo(404);
        assertThat(missingLabel.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<byte[]> malformed = get(api("/api/shipments/not-a-uuid"), null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new String(malformed.body(), StandardCharsets.UTF_8)).doesNotContain("Exception").doesNotContain("\tat ");

        HttpResponse<byte[]> oversized = ShipmentTestSupport.send(HttpRequest.newBuilder(URI.create(api("/api/shipments/" + unknown)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100 * 1024])).build());
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(oversized.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(oversized.body()).get("status").asInt()).isEqualTo(413);
    }

    @Test
    void publishesOpenApiAndMetrics() {
        String docs = OpenApiCapture.capture("shipment-service", api("/v3/api-docs"));
        assertThat(json(docs).get("paths").has("/api/shipments/{orderId}/label")).isTrue();

        send(createShipment(UUID.randomUUID(), address()), "eu-west");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            String metrics = new String(get("http://127.0.0.1:" + managementPort + "/actuator/prometheus", null).body(),
                    StandardCharsets.UTF_8);
            assertThat(metrics).contains("firedrill_label_upload_seconds_bucket{")
                    .containsPattern("firedrill_shipments_total\\{.*outcome=\"created\".*service=\"shipment-service\"");
        });
        HttpResponse<byte[]> health = get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness", null);
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void adminRoutesAnswer401WithoutTheStackTokenWhileHealthAndTheScrapeStayOpen() {
        AdminHttp admin = AdminHttp.management(managementPort);
        assertThat(admin.notRefusedWithoutValidToken("GET /admin/settings", "POST /actuator/chaosmonkey/assaults",
                "POST /actuator/dlq/shipment.commands.dlq")).isEmpty();
        assertThat(admin.notOpenToAnonymous("GET /actuator/health/readiness", "GET /actuator/prometheus")).isEmpty();
        assertThat(admin.get("/admin/settings").statusCode()).isEqualTo(200);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private String api(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void send(CreateShipment command, String region) {
        send(UUID.randomUUID(), command, region);
    }

    private void send(UUID eventId, CreateShipment command, String region) {
        TestMessages.send(producer, TOPIC, eventId, command, region);
    }

    private Map<String, Object> awaitShipmentRow(UUID orderId) {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(
                () -> jdbc.queryForList("SELECT * FROM shipment WHERE order_id = ?", orderId.toString()),
                rows -> !rows.isEmpty()).get(0);
    }

    private List<JsonNode> outbox(UUID orderId, String type) {
        return jdbc.queryForList("SELECT payload FROM outbox WHERE aggregateid = ? AND type = ? ORDER BY created_at",
                String.class, orderId.toString(), type).stream().map(TestHttp::json).toList();
    }

    private List<String> objectsUnder(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }
}
