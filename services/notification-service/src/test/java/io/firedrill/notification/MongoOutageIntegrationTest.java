package io.firedrill.notification;

import io.firedrill.messaging.testing.TestMessages;
import static io.firedrill.messaging.testing.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.firedrill.contracts.events.OrderCompleted;
import io.firedrill.messaging.MessagingProperties;
import io.firedrill.stack.testing.TcpProxy;
import io.firedrill.stack.Endpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * MongoDB frozen (the proxy holds every byte): the event is neither lost nor marked processed; the dispatcher's
 * transient failures hand it back and the binder redelivers it until MongoDB answers again; meanwhile health and
 * the API answer promptly (DOWN, 503) instead of hanging on a driver without read timeout.
 */
class MongoOutageIntegrationTest extends NotificationStackTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired MessagingProperties messaging;
    @LocalServerPort int port;
    @LocalManagementPort int managementPort;

    @Test
    void frozenMongoDelaysTheNotificationWithoutLosingIt(Endpoints endpoints) {
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        double before = retried();
        MONGO.mode(TcpProxy.Mode.HOLD);
        try (KafkaProducer<byte[], byte[]> producer = TestMessages.producer(endpoints.kafkaBootstrap())) {
            TestMessages.send(producer, ORDER_TOPIC, eventId, new OrderCompleted(orderId, UUID.randomUUID()), "eu-west");
        }

        int deliveries = 3;
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> retried() - before >= deliveries * messaging.maxAttempts());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM processed_message WHERE message_id = ?", Integer.class,
                eventId.toString())).as("not processed while MongoDB is frozen").isZero();

        long t0 = System.nanoTime();
        HttpResponse<String> health = NotificationTestSupport.get("http://127.0.0.1:" + managementPort + "/actuator/health");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
        assertThat(json(health.body()).at("/components/mongo/status").asText()).isEqualTo("DOWN");
        assertThat(NotificationTestSupport.get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness").statusCode())
                .isEqualTo(503);
        HttpResponse<String> api = NotificationTestSupport.get("http://127.0.0.1:" + port + "/api/orders/" + orderId + "/notifications");
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        MONGO.mode(TcpProxy.Mode.PASS);
        try (MongoClient mongo = MongoClients.create(endpoints.mongodbUri())) {
            var notifications = mongo.getDatabase("firedrill_notification").getCollection("notifications");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Document doc = notifications.find(Filters.eq("_id", orderId + ":OrderCompleted:EMAIL")).first();
                return doc != null && "SENT".equals(doc.getString("status"));
            });
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM outbox WHERE aggregateid = ? AND type = 'NotificationSent'", Integer.class,
                orderId.toString()) == 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM processed_message WHERE message_id = ?", Integer.class,
                eventId.toString())).isEqualTo(1);
    }

    private double retried() {
        return meters.find("firedrill_events_retried_total").tag("topic", ORDER_TOPIC).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
