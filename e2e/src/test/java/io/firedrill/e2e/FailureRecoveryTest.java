package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.messaging.DlqReplayer;
import io.firedrill.stack.component.SpringService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Poison, DLQ replay after a fix, and kill -9 of each moving part in the middle of a load. */
@ExtendWith(ServicesExtension.class)
class FailureRecoveryTest {

    private static final Duration SAGA = Duration.ofSeconds(180);

    private Firedrill firedrill;

    @AfterEach
    void restore() throws Exception {
        if (firedrill != null) {
            firedrill.resetOrderSettings();
        }
    }

    @Test
    void poisonRecordIsDeadLetteredWithItsReasonAndTheConsumerKeepsGoing(Firedrill firedrill) throws Exception {
        this.firedrill = firedrill;
        String poisonId = UUID.randomUUID().toString();
        try (KafkaProducer<byte[], byte[]> producer = firedrill.kafkaProducer()) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(MessageHeaderNames.EVENT_ID, poisonId.getBytes(StandardCharsets.UTF_8));
            headers.add(MessageHeaderNames.TYPE, "ReserveInventory".getBytes(StandardCharsets.UTF_8));
            headers.add(MessageHeaderNames.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
            headers.add(MessageHeaderNames.TENANT_REGION, "eu-west".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>("inventory.commands", null, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                    "{ this is not json".getBytes(StandardCharsets.UTF_8), headers)).get(10, TimeUnit.SECONDS);
        }
        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(firedrill, "inventory.commands.dlq", poisonId);
        assertThat(header(dead, MessageHeaderNames.DLQ_REASON)).isEqualTo("malformed-json");
        assertThat(header(dead, MessageHeaderNames.DLQ_CONSUMER)).isEqualTo("inventory-service");

        String sku = firedrill.loadCatalog(5).get(0);
        UUID order = firedrill.placeOrder(Firedrill.GOOD_CARD, Map.of(sku, 1));
        assertThat(firedrill.awaitTerminal(order, SAGA)).containsEntry("status", "COMPLETED");
    }

    @Test
    void commandDeadLetteredByABrokenConsumerCompletesItsSagaWhenReplayedAfterTheFix(Firedrill firedrill) throws Exception {
        this.firedrill = firedrill;
        String sku = firedrill.loadCatalog(5).get(0);
        // Give the saga time to wait for the fix instead of timing out.
        firedrill.orderSettings(Map.of("reserveDeadline", "150s"));
        // The "bug": DDL drift on inventory's table makes the reserve handler fail on valid commands.
        execute(firedrill, "ALTER TABLE firedrill_inventory.reservation_line RENAME COLUMN quantity TO qty");
        UUID order;
        try {
            order = firedrill.placeOrder(Firedrill.GOOD_CARD, Map.of(sku, 2));
            awaitDeadLetterForOrder(firedrill, "inventory.commands.dlq", order);
            assertThat(firedrill.orderRow(order)).containsEntry("status", "PENDING");
        } finally {
            execute(firedrill, "ALTER TABLE firedrill_inventory.reservation_line RENAME COLUMN qty TO quantity");
        }

        DlqReplayer.Report report = new DlqReplayer(firedrill.endpoints().kafkaBootstrap()).replay("inventory.commands.dlq", Duration.ofSeconds(3));

        assertThat(report.replayed()).isPositive();
        assertThat(firedrill.awaitTerminal(order, SAGA)).containsEntry("status", "COMPLETED");
        assertThat(firedrill.stock(sku).path("committed").asInt()).isEqualTo(2);
    }

    /** Every application of the stack, each killed once. */
    static List<String> applications() {
        return SpringService.ALL.stream().map(SpringService.Spec::name).toList();
    }

    @ParameterizedTest(name = "kill -9 {0} mid-load")
    @MethodSource("applications")
    void afterAKillMidLoadEverySagaEndsWithoutLostOrDuplicatedEffects(String victim, Firedrill firedrill) throws Exception {
        this.firedrill = firedrill;
        String sku = firedrill.loadCatalog(500).get(0);
        List<CompletableFuture<UUID>> placed = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            placed.add(firedrill.placeOrderAsync(Firedrill.GOOD_CARD, Map.of(sku, 1)));
            Thread.sleep(50);
        }
        // Kill once the first orders are taken (on a slow machine the burst is still being accepted), while the
        // second half of the load is on its way.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> placed.stream().filter(CompletableFuture::isDone).count() >= 10);
        for (int i = 0; i < 15; i++) {
            placed.add(firedrill.placeOrderAsync(Firedrill.GOOD_CARD, Map.of(sku, 1)));
            if (i == 2) {
                firedrill.stack().kill(victim);
            }
            Thread.sleep(50);
        }
        List<UUID> accepted = new ArrayList<>();
        for (CompletableFuture<UUID> f : placed) {
            try {
                accepted.add(f.get(60, TimeUnit.SECONDS));
            } catch (Exception refusedWhileOrderServiceWasDown) {
                // A checkout that was never accepted is not an order.
            }
        }
        firedrill.stack().upServices();

        // Every order the system took, including one whose 202 was lost when order-service died right after
        // committing it: the database, not the client, says which orders exist.
        List<UUID> orders = firedrill.query("firedrill_order", "SELECT DISTINCT order_id FROM order_line WHERE sku = ?", sku)
                .stream().map(row -> UUID.fromString(String.valueOf(row.get("order_id")))).toList();
        assertThat(orders).as("orders taken around the kill").containsAll(accepted).hasSizeGreaterThanOrEqualTo(10);
        int completed = 0;
        for (UUID id : orders) {
            Map<String, Object> end = firedrill.awaitTerminal(id, SAGA);
            assertThat(end.get("status")).as("order " + id + " after killing " + victim).isIn("COMPLETED", "CANCELLED");
            if ("COMPLETED".equals(end.get("status"))) {
                completed++;
            }
            assertThat(firedrill.count("firedrill_payment", "SELECT COUNT(*) FROM ledger_entry l JOIN payment p ON p.id = l.payment_id "
                    + "WHERE p.order_id = ? AND l.kind = 'AUTHORIZATION'", id.toString())).as("charges of " + id).isLessThanOrEqualTo(1);
            assertThat(firedrill.count("firedrill_shipment", "SELECT COUNT(*) FROM shipment WHERE order_id = ?", id.toString()))
                    .isLessThanOrEqualTo(1);
        }
        // Notifications: one per order, template and channel, however often their events were redelivered.
        try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(firedrill.endpoints().mongodbUri())) {
            var notifications = mongo.getDatabase("firedrill_notification").getCollection("notifications");
            for (UUID id : orders) {
                java.util.Map<String, Integer> perTemplate = new java.util.HashMap<>();
                notifications.find(com.mongodb.client.model.Filters.eq("orderId", id.toString()))
                        .forEach(d -> perTemplate.merge(d.getString("template") + "/" + d.getString("channel"), 1, Integer::sum));
                assertThat(perTemplate.values()).as("notifications of " + id + " after killing " + victim).allMatch(n -> n == 1);
            }
        }
        int sold = completed;
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var stock = firedrill.stock(sku);
            assertThat(stock.path("committed").asInt()).as("units committed = completed orders").isEqualTo(sold);
            assertThat(stock.path("reserved").asInt()).isZero();
        });
    }

    private static void execute(Firedrill firedrill, String sql) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(firedrill.endpoints().mariadbPrimaryJdbcUrl(),
                firedrill.endpoints().dbUser(), firedrill.endpoints().dbPassword()); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static ConsumerRecord<byte[], byte[]> awaitDeadLetter(Firedrill firedrill, String dlq, String eventId) {
        return awaitDlq(firedrill, dlq, r -> eventId.equals(header(r, MessageHeaderNames.EVENT_ID)));
    }

    private static ConsumerRecord<byte[], byte[]> awaitDeadLetterForOrder(Firedrill firedrill, String dlq, UUID order) {
        return awaitDlq(firedrill, dlq, r -> r.key() != null && order.toString().equals(new String(r.key(), StandardCharsets.UTF_8)));
    }

    private static ConsumerRecord<byte[], byte[]> awaitDlq(Firedrill firedrill, String dlq,
                                                           java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> match) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = firedrill.kafkaConsumer()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !consumer.partitionsFor(dlq).isEmpty());
            List<TopicPartition> partitions = consumer.partitionsFor(dlq).stream().map(p -> new TopicPartition(dlq, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(250)).forEach(r -> {
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
