package io.firedrill.notification;

import io.firedrill.stack.testing.OpenApiCapture;
import io.firedrill.messaging.testing.TestHttp;
import io.firedrill.messaging.testing.TestMessages;
import io.firedrill.stack.testing.AdminHttp;
import static io.firedrill.messaging.testing.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.firedrill.contracts.LineItem;
import io.firedrill.contracts.Message;
import io.firedrill.contracts.events.OrderCancelled;
import io.firedrill.contracts.events.OrderCompleted;
import io.firedrill.contracts.events.OrderPlaced;
import io.firedrill.contracts.events.ShipmentCreated;
import io.firedrill.stack.Endpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service on the real stack: events are produced to Kafka as cdc-relay would; assertions read the notification
 * documents in MongoDB (directly, not through the proxy), the NotificationSent rows of the MariaDB outbox, the HTTP
 * API and the management endpoints.
 */
class NotificationFlowIntegrationTest extends NotificationStackTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static KafkaProducer<byte[], byte[]> producer;
    private static MongoClient mongoClient;
    private static MongoCollection<Document> notifications;

    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @LocalServerPort int port;
    @LocalManagementPort int managementPort;

    @BeforeEach
    void clients(Endpoints endpoints) {
        if (producer == null) {
            producer = TestMessages.producer(endpoints.kafkaBootstrap());
            mongoClient = MongoClients.create(endpoints.mongodbUri());
            notifications = mongoClient.getDatabase("firedrill_notification").getCollection("notifications");
        }
    }

    @AfterEach
    void restoreProvider() {
        admin().delete("/admin/settings");
    }

    @AfterAll
    static void close() {
        if (producer != null) {
            producer.close();
            mongoClient.close();
        }
    }

    @Test
    void orderCompletedSendsOneEmailByDefaultAndAnnouncesIt() {
        UUID orderId = UUID.randomUUID();
        UUID customerId = UUID.randomUUID();
        sendOrderEvent(new OrderCompleted(orderId, customerId), "us-east");

        Document email = awaitStatus(orderId + ":OrderCompleted:EMAIL", "SENT");
        assertThat(email.getString("customerId")).isEqualTo(customerId.toString());
        assertThat(email.getString("template")).isEqualTo("order-completed");
        assertThat(email.getString("tenantRegion")).isEqualTo("us-east");
        assertThat(email.getInteger("attempts")).isEqualTo(1);
        assertThat(email.getDate("createdAt")).isNotNull();
        assertThat(documents(orderId)).hasSize(1);

        List<JsonNode> sent = awaitAnnouncements(orderId, 1);
        assertThat(sent.get(0).get("notificationId").asText()).isEqualTo(email.getString("notificationId"));
        assertThat(sent.get(0).get("channel").asText()).isEqualTo("EMAIL");
        assertThat(count("firedrill_notification_delivery_total", "EMAIL", "sent")).isPositive();
    }

    @Test
    void preferencesAreHonouredWithOneDocumentPerEnabledChannel() {
        UUID orderId = UUID.randomUUID();
        UUID customerId = UUID.randomUUID();
        HttpResponse<String> put = NotificationTestSupport.put(api("/api/customers/" + customerId + "/notification-preferences"),
                "{\"email\":true,\"sms\":true,\"push\":false}");
        assertThat(put.statusCode()).isEqualTo(200);

        sendOrderEvent(new OrderCompleted(orderId, customerId), "eu-west");

        awaitStatus(orderId + ":OrderCompleted:EMAIL", "SENT");
        awaitStatus(orderId + ":OrderCompleted:SMS", "SENT");
        awaitAnnouncements(orderId, 2);
        assertThat(documents(orderId)).extracting(d -> d.getString("channel")).containsExactlyInAnyOrder("EMAIL", "SMS");
    }

    @Test
    void theSameEventTwiceMakesNoDuplicateDocumentOrAnnouncement() {
        UUID orderId = UUID.randomUUID();
        OrderCompleted event = new OrderCompleted(orderId, UUID.randomUUID());
        UUID eventId = UUID.randomUUID();
        UUID republished = UUID.randomUUID();
        TestMessages.send(producer, ORDER_TOPIC, eventId, event, "eu-west");
        TestMessages.send(producer, ORDER_TOPIC, eventId, event, "eu-west");     // redelivery
        TestMessages.send(producer, ORDER_TOPIC, republished, event, "eu-west"); // same fact, new event id

        // Same key, same partition: when the last one is processed, so are the others.
        awaitProcessed(republished);
        assertThat(documents(orderId)).hasSize(1);
        assertThat(announcements(orderId)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM processed_message WHERE message_id IN (?, ?)", Integer.class,
                eventId.toString(), republished.toString())).isEqualTo(2);
    }

    @Test
    void failingProviderLeavesTheNotificationFailedWithItsReasonUntilTheSweepDeliversIt() {
        double failedBefore = count("firedrill_notification_delivery_total", "EMAIL", "failed");
        double retriedBefore = count("firedrill_notification_delivery_total", "EMAIL", "retried");
        settings("{\"failureRatio\":1.0}");
        UUID orderId = UUID.randomUUID();
        sendOrderEvent(new OrderCompleted(orderId, UUID.randomUUID()), "ap-south");

        Document failed = awaitStatus(orderId + ":OrderCompleted:EMAIL", "FAILED");
        assertThat(failed.getInteger("attempts")).isGreaterThanOrEqualTo(3);
        assertThat(failed.getString("lastError")).contains("simulated failure ratio 1.0");
        assertThat(count("firedrill_notification_delivery_total", "EMAIL", "failed")).isGreaterThan(failedBefore);
        assertThat(count("firedrill_notification_delivery_total", "EMAIL", "retried")).isGreaterThanOrEqualTo(retriedBefore + 2);
        assertThat(announcements(orderId)).isEmpty();
        String id = orderId + ":OrderCompleted:EMAIL";
        MongoCollection<Document> outstanding = mongoClient.getDatabase("firedrill_notification").getCollection("notifications_outstanding");
        assertThat(outstanding.countDocuments(new Document("_id", id))).as("what the sweep reads").isEqualTo(1);

        settings("{\"failureRatio\":0.0}");
        Document sent = awaitStatus(id, "SENT");
        assertThat(sent.getInteger("attempts")).isGreaterThan(failed.getInteger("attempts"));
        assertThat(awaitAnnouncements(orderId, 1).get(0).get("channel").asText()).isEqualTo("EMAIL");
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThat(outstanding.countDocuments(new Document("_id", id))).as("finished, off the sweep's list").isZero());
    }

    @Test
    void shipmentCreatedTellsTheCustomerTheParcelIsOnItsWayWithTheLabelKey() {
        UUID orderId = UUID.randomUUID();
        UUID customerId = UUID.randomUUID();
        String labelKey = "labels/2026/11/" + orderId + ".png";
        sendOrderEvent(new OrderPlaced(orderId, customerId, List.of(new LineItem("SKU-1", 1)), 1999, "EUR", "card"), "eu-west");
        sendShipmentEvent(new ShipmentCreated(orderId, UUID.randomUUID(), labelKey), "eu-west");

        Document parcel = awaitStatus(orderId + ":ShipmentCreated:EMAIL", "SENT");
        assertThat(parcel.getString("subject")).isEqualTo("Your parcel is on its way");
        assertThat(parcel.getString("customerId")).isEqualTo(customerId.toString());
        assertThat(parcel.get("data", Document.class).getString("labelKey")).isEqualTo(labelKey);
        assertThat(parcel.getString("body")).contains(labelKey);
        awaitAnnouncements(orderId, 1);
    }

    @Test
    void shipmentCreatedBeforeTheCustomerIsKnownIsParkedAndSentOnceTheOrderCompletes() {
        UUID orderId = UUID.randomUUID();
        UUID customerId = UUID.randomUUID();
        UUID shipmentEvent = UUID.randomUUID();
        TestMessages.send(producer, SHIPMENT_TOPIC, shipmentEvent,
                new ShipmentCreated(orderId, UUID.randomUUID(), "labels/x/" + orderId + ".png"), "eu-west");
        awaitProcessed(shipmentEvent);
        assertThat(documents(orderId)).isEmpty();

        sendOrderEvent(new OrderCompleted(orderId, customerId), "eu-west");
        awaitStatus(orderId + ":OrderCompleted:EMAIL", "SENT");
        Document parcel = awaitStatus(orderId + ":ShipmentCreated:EMAIL", "SENT");
        assertThat(parcel.getString("customerId")).isEqualTo(customerId.toString());
        awaitAnnouncements(orderId, 2);
    }

    @Test
    void orderCancelledNotificationCarriesTheReason() {
        UUID orderId = UUID.randomUUID();
        sendOrderEvent(new OrderCancelled(orderId, UUID.randomUUID(), "OUT_OF_STOCK"), "eu-west");

        Document cancelled = awaitStatus(orderId + ":OrderCancelled:EMAIL", "SENT");
        assertThat(cancelled.getString("template")).isEqualTo("order-cancelled");
        assertThat(cancelled.getString("body")).contains("OUT_OF_STOCK");
    }

    @Test
    void notificationsAreListedByOrderAndByCustomer() {
        UUID orderId = UUID.randomUUID();
        UUID customerId = UUID.randomUUID();
        sendOrderEvent(new OrderCompleted(orderId, customerId), "eu-west");
        awaitStatus(orderId + ":OrderCompleted:EMAIL", "SENT");

        JsonNode byOrder = json(NotificationTestSupport.get(api("/api/orders/" + orderId + "/notifications")).body());
        assertThat(byOrder).hasSize(1);
        assertThat(byOrder.get(0).get("status").asText()).isEqualTo("SENT");
        assertThat(byOrder.get(0).get("channel").asText()).isEqualTo("EMAIL");
        JsonNode byCustomer = json(NotificationTestSupport.get(api("/api/customers/" + customerId + "/notifications")).body());
        assertThat(byCustomer).hasSize(1);
        assertThat(byCustomer.get(0).get("orderId").asText()).isEqualTo(orderId.toString());

        assertThat(json(NotificationTestSupport.get(api("/api/orders/" + UUID.randomUUID() + "/notifications")).body())).isEmpty();
        HttpResponse<String> malformed = NotificationTestSupport.get(api("/api/orders/not-a-uuid/notifications"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void preferencesApiStoresChoicesAndRejectsWrongTypesAndMissingFieldsWithProblems() {
        UUID customerId = UUID.randomUUID();
        String url = api("/api/customers/" + customerId + "/notification-preferences");
        JsonNode defaults = json(NotificationTestSupport.get(url).body());
        assertThat(defaults.get("email").asBoolean()).isTrue();
        assertThat(defaults.get("sms").asBoolean()).isFalse();
        assertThat(defaults.get("push").asBoolean()).isFalse();
        assertThat(defaults.get("source").asText()).isEqualTo("default");

        assertThat(NotificationTestSupport.put(url, "{\"email\":false,\"sms\":true,\"push\":true}").statusCode()).isEqualTo(200);
        JsonNode stored = json(NotificationTestSupport.get(url).body());
        assertThat(stored.get("email").asBoolean()).isFalse();
        assertThat(stored.get("push").asBoolean()).isTrue();
        assertThat(stored.get("source").asText()).isEqualTo("customer");

        assertBadRequest(url, "{\"email\":true,\"sms\":true}", "push");
        assertBadRequest(url, "{\"email\":true,\"sms\":null,\"push\":false}", "sms");
        assertBadRequest(url, "{\"email\":\"yes\",\"sms\":true,\"push\":false}", "email");
        assertBadRequest(url, "{\"email\":\"true\",\"sms\":true,\"push\":false}", "email");
        assertBadRequest(url, "{\"email\":true,\"sms\":1,\"push\":false}", "sms");
        assertBadRequest(url, "{\"email\":true,\"sms\":true,\"push\":false,\"fax\":true}", "fax");
        assertBadRequest(url, "{\"email\":true,", null);
        assertBadRequest(url, "[]", null);
        assertThat(json(NotificationTestSupport.get(url).body()).get("email").asBoolean())
                .as("rejected requests changed nothing").isFalse();

        HttpResponse<String> huge = NotificationTestSupport.put(url, "{\"email\":true,\"sms\":true,\"push\":false,\"pad\":\""
                + "x".repeat(70_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        byte[] big = ("{\"email\":true,\"sms\":true,\"push\":false,\"pad\":\"" + "x".repeat(70_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = NotificationTestSupport.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertThat(chunked.statusCode()).as("no Content-Length: cut off while reading").isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> badId = NotificationTestSupport.put(api("/api/customers/42/notification-preferences"),
                "{\"email\":true,\"sms\":true,\"push\":false}");
        assertThat(badId.statusCode()).isEqualTo(400);
    }

    @Test
    void settingsEndpointChangesTheProviderPerChannelAndRefusesInvalidValues() {
        JsonNode changed = json(admin().patch("/admin/settings", "{\"channel\":\"sms\",\"failureRatio\":0.5,\"latency\":\"250ms\"}").body());
        assertThat(changed.at("/channels/sms/failureRatio").asDouble()).isEqualTo(0.5);
        assertThat(changed.at("/channels/sms/latency").asText()).isEqualTo("250ms");
        assertThat(changed.at("/channels/email/failureRatio").asDouble()).isZero();

        assertThat(admin().patch("/admin/settings", "{\"failureRatio\":1.5}").statusCode()).isEqualTo(422);
        assertThat(admin().patch("/admin/settings", "{\"channel\":\"fax\",\"failureRatio\":1}").statusCode()).isEqualTo(422);
        assertThat(admin().patch("/admin/settings", "{\"failureRatio\":\"all\"}").statusCode()).isEqualTo(400);
        assertThat(admin().patch("/admin/settings", "{\"failureRate\":1}").statusCode()).isEqualTo(400);
        assertThat(admin().notRefusedWithoutValidToken("GET /admin/settings", "PATCH /admin/settings",
                "DELETE /admin/settings", "POST /actuator/chaosmonkey/assaults", "POST /actuator/dlq/order.events.dlq"))
                .isEmpty();
        assertThat(admin().notOpenToAnonymous("GET /actuator/health/readiness", "GET /actuator/prometheus")).isEmpty();
        JsonNode reset = json(admin().delete("/admin/settings").body());
        assertThat(reset.at("/channels/sms/failureRatio").asDouble()).isZero();

        String metrics = NotificationTestSupport.get(management("/actuator/prometheus")).body();
        assertThat(metrics).contains("firedrill_notification_circuit_state{").contains("firedrill_notification_backlog{");
        assertThat(NotificationTestSupport.get(management("/actuator/health/readiness")).statusCode()).isEqualTo(200);
        assertThat(OpenApiCapture.capture("notification-service", api("/v3/api-docs"))).contains("/api/customers/{customerId}/notification-preferences");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private void assertBadRequest(String url, String body, String field) {
        HttpResponse<String> response = NotificationTestSupport.put(url, body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        if (field != null) {
            assertThat(problem.get("errors").get(0).get("field").asText()).as(body).isEqualTo(field);
        }
    }

    private void settings(String json) {
        assertThat(admin().patch("/admin/settings", json).statusCode()).isEqualTo(200);
    }

    private String api(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private AdminHttp admin() {
        return AdminHttp.management(managementPort);
    }

    private String management(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    private void sendOrderEvent(Message event, String region) {
        TestMessages.send(producer, ORDER_TOPIC, UUID.randomUUID(), event, region);
    }

    private void sendShipmentEvent(Message event, String region) {
        TestMessages.send(producer, SHIPMENT_TOPIC, UUID.randomUUID(), event, region);
    }

    private Document awaitStatus(String id, String status) {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(
                () -> notifications.find(Filters.eq("_id", id)).first(),
                doc -> doc != null && status.equals(doc.getString("status")));
    }

    private List<Document> documents(UUID orderId) {
        return notifications.find(Filters.eq("orderId", orderId.toString())).into(new ArrayList<>());
    }

    private List<JsonNode> announcements(UUID orderId) {
        return jdbc.queryForList("SELECT payload FROM outbox WHERE aggregateid = ? AND type = 'NotificationSent'",
                String.class, orderId.toString()).stream().map(TestHttp::json).toList();
    }

    private List<JsonNode> awaitAnnouncements(UUID orderId, int expected) {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> announcements(orderId), rows -> rows.size() >= expected);
    }

    private void awaitProcessed(UUID eventId) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM processed_message WHERE message_id = ?", Integer.class, eventId.toString()) == 1);
    }

    private double count(String name, String channel, String outcome) {
        return meters.find(name).tag("channel", channel).tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
