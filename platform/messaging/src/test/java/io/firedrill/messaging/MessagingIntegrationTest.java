package io.firedrill.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.jdbc.JdbcConnection;
import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.ReservationCommitted;
import io.firedrill.contracts.events.ShipmentCreated;
import io.firedrill.stack.junit.FiredrillStackExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The library on the real stack: records are produced to a fresh Kafka topic exactly as cdc-relay would
 * (payload as value, event_id/type/schema_version/tenant_region/traceparent headers) and consumed through the
 * spring-cloud-stream binder; assertions read the handler's rows in MariaDB and the DLQ topic.
 */
@ExtendWith(FiredrillStackExtension.class)
@SpringBootTest(classes = MessagingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
// Not application.properties: the reactor puts this module's test classes on the services' test classpath (the
// test-support jar, resolved to target/test-classes when the build stops before package), where it would win.
@TestPropertySource(locations = "classpath:messaging-test.properties")
class MessagingIntegrationTest {

    private static final String TOPIC = "msgtest-" + UUID.randomUUID().toString().substring(0, 8) + ".events";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ContractCodec CODEC = ContractCodec.shared();
    private static KafkaProducer<byte[], byte[]> producer;

    @DynamicPropertySource
    static void topic(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.stream.bindings.testConsumer-in-0.destination", () -> TOPIC);
        // A fresh group per run: members of a killed earlier run would hold up the first rebalance.
        registry.add("spring.cloud.stream.bindings.testConsumer-in-0.group", () -> "messaging-test-" + TOPIC);
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired OutboxWriter outbox;
    @Autowired TransactionTemplate transactions;
    @Autowired DlqReplayer replayer;
    @Autowired MeterRegistry meters;
    @Autowired MessagingProperties properties;

    @BeforeEach
    void producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(DeadLetterPublisher.producerConfig(properties.kafkaBootstrap(), "msgtest"));
        }
        MessagingTestApplication.COMMIT_HANDLER_BROKEN.set(false);
        MessagingTestApplication.SHIPMENT_TRANSIENT_FAILURES_LEFT.set(0);
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void everyPooledConnectionCachesStatementParsesAndSessionState() throws Exception {
        try (Connection c = jdbc.getDataSource().getConnection()) {
            JdbcConnection mysql = c.unwrap(JdbcConnection.class);
            PropertySet set = mysql.getPropertySet();
            assertThat(set.getBooleanProperty(PropertyKey.cachePrepStmts).getValue()).isTrue();
            assertThat(set.getBooleanProperty(PropertyKey.useLocalSessionState).getValue()).isTrue();
            assertThat(set.getIntegerProperty(PropertyKey.prepStmtCacheSize).getValue()).isEqualTo(256);
        }
    }

    @Test
    void handlesAValidEventOnceAndRecordsItAsProcessed() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID eventId = send(new PaymentAuthorized(orderId, UUID.randomUUID(), 4200), Map.of());

        awaitEffects(orderId, 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM processed_message WHERE consumer = 'messaging-test' AND message_id = ?",
                Integer.class, eventId.toString())).isEqualTo(1);
    }

    @Test
    void deliveryLagIsMeasuredFromTheOutboxRowsWrittenAtHeader() throws Exception {
        UUID orderId = UUID.randomUUID();
        String writtenAt = java.time.Instant.now().minusSeconds(2).toString(); // a row written two seconds ago
        send(new PaymentAuthorized(orderId, UUID.randomUUID(), 4200), Map.of(MessageHeaderNames.WRITTEN_AT, writtenAt));

        awaitEffects(orderId, 1);
        io.micrometer.core.instrument.Timer lag = meters.get("firedrill_events_delivery_lag_seconds").tag("topic", TOPIC).timer();
        assertThat(lag.count()).isGreaterThanOrEqualTo(1);
        assertThat(lag.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void sameRecordDeliveredTwiceHasOneEffect() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        PaymentAuthorized event = new PaymentAuthorized(orderId, UUID.randomUUID(), 100);
        send(eventId, event, Map.of());
        send(eventId, event, Map.of());
        UUID marker = send(new PaymentAuthorized(orderId, UUID.randomUUID(), 1), Map.of());

        // The marker is behind both copies on the same partition (same key): once it is handled, so are they.
        awaitEffects(orderId, 2);
        assertThat(jdbc.queryForList("SELECT event_id FROM effect WHERE order_id = ?", String.class, orderId.toString()))
                .containsExactlyInAnyOrder(eventId.toString(), marker.toString());
    }

    @Test
    void processedMessageRowsPastTheirRetentionArePurgedAndARedeliveryWithinItStillHasOneEffect() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        PaymentAuthorized event = new PaymentAuthorized(orderId, UUID.randomUUID(), 100);
        send(recent, event, Map.of());
        awaitEffects(orderId, 1);
        String old = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO processed_message (consumer, message_id, message_type, processed_at) "
                + "VALUES ('messaging-test', ?, 'PaymentAuthorized', UTC_TIMESTAMP(6) - INTERVAL 8 DAY)", old);
        double purgedBefore = meters.get("firedrill_messaging_purged_rows_total").tag("table", "processed_message").counter().count();

        int purged = new RetentionPurger(jdbc, properties.outboxRetention(), Duration.ofDays(7), java.time.Clock.systemUTC(), meters)
                .purgeProcessedMessages();

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM processed_message WHERE message_id = ?", Integer.class, old)).isZero();
        assertThat(meters.get("firedrill_messaging_purged_rows_total").tag("table", "processed_message").counter().count() - purgedBefore)
                .isEqualTo(purged);
        send(recent, event, Map.of()); // redelivered within the retention: still a duplicate
        UUID marker = send(new PaymentAuthorized(orderId, UUID.randomUUID(), 1), Map.of());
        awaitEffects(orderId, 2);
        assertThat(jdbc.queryForList("SELECT event_id FROM effect WHERE order_id = ?", String.class, orderId.toString()))
                .containsExactlyInAnyOrder(recent.toString(), marker.toString());
    }

    @Test
    void payloadThatIsNotJsonGoesToTheDlqWithTheReasonAndTheConsumerKeepsGoing() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID poisonId = sendRaw(orderId, UUID.randomUUID().toString(), "PaymentAuthorized", "1",
                "this is {not json".getBytes(StandardCharsets.UTF_8));
        send(new PaymentAuthorized(orderId, UUID.randomUUID(), 5), Map.of());

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(poisonId);
        assertThat(header(dead, MessageHeaderNames.DLQ_REASON)).isNotBlank().isNotEqualTo("handler-failed");
        assertThat(header(dead, MessageHeaderNames.DLQ_ORIGINAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("this is {not json");
        awaitEffects(orderId, 1);
    }

    @Test
    void payloadViolatingItsSchemaIsRejectedWithTheViolationAsDetail() throws Exception {
        UUID orderId = UUID.randomUUID();
        // paymentId renamed: the drift a careless producer change causes.
        String drifted = "{\"orderId\":\"" + orderId + "\",\"paymentRef\":\"" + UUID.randomUUID() + "\",\"amountCents\":10}";
        UUID eventId = sendRaw(orderId, UUID.randomUUID().toString(), "PaymentAuthorized", "1", drifted.getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(eventId);
        assertThat(header(dead, MessageHeaderNames.DLQ_DETAIL)).contains("paymentId");
        assertThat(meters.find("firedrill_events_rejected_total").tag("topic", TOPIC).counters())
                .anySatisfy(c -> assertThat(c.count()).isPositive());
        assertThat(effects(orderId)).isZero();
    }

    @Test
    void unknownTypeAndMissingEventIdAreDeadLettered() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID unknown = sendRaw(orderId, UUID.randomUUID().toString(), "PaymentTeleported", "1", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(header(awaitDeadLetter(unknown), MessageHeaderNames.DLQ_REASON)).isEqualTo("unknown-type");

        String payload = CODEC.toJson(new PaymentAuthorized(orderId, UUID.randomUUID(), 1));
        RecordHeaders headers = headers(null, "PaymentAuthorized", "1");
        String marker = "no-id-" + UUID.randomUUID();
        headers.add("test_marker", marker.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(TOPIC, null, orderId.toString().getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8), headers)).get(10, TimeUnit.SECONDS);
        ConsumerRecord<byte[], byte[]> dead = awaitDlq(r -> marker.equals(header(r, "test_marker")));
        assertThat(header(dead, MessageHeaderNames.DLQ_REASON)).isEqualTo("missing-event-id");
    }

    @Test
    void transientFailuresAreRetriedUntilTheHandlerSucceedsWithOneEffect() throws Exception {
        MessagingTestApplication.SHIPMENT_TRANSIENT_FAILURES_LEFT.set(2);
        UUID orderId = UUID.randomUUID();
        send(new ShipmentCreated(orderId, UUID.randomUUID(), "labels/x.pdf"), Map.of());

        awaitEffects(orderId, 1);
        assertThat(MessagingTestApplication.SHIPMENT_TRANSIENT_FAILURES_LEFT.get()).isNegative();
    }

    @Test
    void poisonFromAFailingHandlerIsDeadLetteredAndReplayAfterTheFixHandlesIt() throws Exception {
        MessagingTestApplication.COMMIT_HANDLER_BROKEN.set(true);
        UUID orderId = UUID.randomUUID();
        UUID eventId = send(new ReservationCommitted(orderId, UUID.randomUUID()), Map.of());
        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(eventId);
        assertThat(header(dead, MessageHeaderNames.DLQ_REASON)).isEqualTo("handler-failed");
        assertThat(header(dead, MessageHeaderNames.DLQ_DETAIL)).contains("commit handler bug");
        assertThat(effects(orderId)).isZero();

        MessagingTestApplication.COMMIT_HANDLER_BROKEN.set(false);
        DlqReplayer.Report report = replayer.replay(TOPIC + ".dlq", Duration.ofSeconds(2));

        assertThat(report.replayed()).isPositive();
        assertThat(report.byOriginalTopic()).containsKey(TOPIC);
        awaitEffects(orderId, 1);
    }

    @Test
    void outboxRowIsWrittenInTheCallersTransactionWithTopicKeyAndTraceparent() {
        UUID orderId = UUID.randomUUID();
        UUID eventId = transactions.execute(status ->
                outbox.append(new ReservationCommitted(orderId, UUID.randomUUID()), TenantRegion.fromId("us-east")));
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM outbox WHERE id = ?", eventId.toString());
        assertThat(row.get("aggregatetype")).isEqualTo(MessageType.RESERVATION_COMMITTED.topic());
        assertThat(row.get("aggregateid")).isEqualTo(orderId.toString());
        assertThat(row.get("type")).isEqualTo("ReservationCommitted");
        assertThat(row.get("tenant_region")).isEqualTo("us-east");
        assertThat(row.get("schema_version")).isEqualTo(1);

        UUID rolledBack = UUID.randomUUID();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            outbox.append(new ReservationCommitted(rolledBack, UUID.randomUUID()), TenantRegion.fromId("eu-west"));
            throw new IllegalStateException("business rule failed after the append");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE aggregateid = ?", Integer.class, rolledBack.toString())).isZero();

        assertThatThrownBy(() -> outbox.append(new ReservationCommitted(orderId, UUID.randomUUID()), TenantRegion.fromId("eu-west")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the transaction");
    }

    @Test
    void traceparentOfTheRecordReachesTheHandler() throws Exception {
        UUID orderId = UUID.randomUUID();
        String traceparent = "00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01";
        UUID eventId = send(new PaymentAuthorized(orderId, UUID.randomUUID(), 7), Map.of(MessageHeaderNames.TRACEPARENT, traceparent));
        awaitEffects(orderId, 1);
        assertThat(jdbc.queryForObject("SELECT traceparent FROM effect WHERE event_id = ?", String.class, eventId.toString()))
                .isEqualTo(traceparent);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private UUID send(Message message, Map<String, String> extra) throws Exception {
        return send(UUID.randomUUID(), message, extra);
    }

    private UUID send(UUID eventId, Message message, Map<String, String> extra) throws Exception {
        MessageType type = MessageType.of(message);
        RecordHeaders headers = headers(eventId.toString(), type.typeName(), Integer.toString(type.currentVersion()));
        extra.forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(TOPIC, null, message.orderId().toString().getBytes(StandardCharsets.UTF_8),
                CODEC.toBytes(message), headers)).get(10, TimeUnit.SECONDS);
        return eventId;
    }

    private UUID sendRaw(UUID orderId, String eventId, String type, String version, byte[] payload) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, null, orderId.toString().getBytes(StandardCharsets.UTF_8), payload,
                headers(eventId, type, version))).get(10, TimeUnit.SECONDS);
        return UUID.fromString(eventId);
    }

    private static RecordHeaders headers(String eventId, String type, String version) {
        RecordHeaders headers = new RecordHeaders();
        if (eventId != null) {
            headers.add(MessageHeaderNames.EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
        }
        headers.add(MessageHeaderNames.TYPE, type.getBytes(StandardCharsets.UTF_8));
        headers.add(MessageHeaderNames.SCHEMA_VERSION, version.getBytes(StandardCharsets.UTF_8));
        headers.add(MessageHeaderNames.TENANT_REGION, "eu-west".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private int effects(UUID orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM effect WHERE order_id = ?", Integer.class, orderId.toString());
    }

    private void awaitEffects(UUID orderId, int expected) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(effects(orderId)).isEqualTo(expected));
    }

    private ConsumerRecord<byte[], byte[]> awaitDeadLetter(UUID eventId) {
        return awaitDlq(r -> eventId.toString().equals(header(r, MessageHeaderNames.EVENT_ID)));
    }

    private ConsumerRecord<byte[], byte[]> awaitDlq(java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> match) {
        String dlq = TOPIC + ".dlq";
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            // Read every partition from the start, without a group: nothing to rebalance, no offsets to reset.
            Awaitility.await().atMost(WAIT).until(() -> !consumer.partitionsFor(dlq).isEmpty());
            List<TopicPartition> partitions = consumer.partitionsFor(dlq).stream()
                    .map(p -> new TopicPartition(dlq, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (match.test(r)) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
