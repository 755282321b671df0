package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.firedrill.contracts.Aggregate;
import io.firedrill.contracts.Topics;
import io.firedrill.stack.component.SpringService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * At-least-once delivery means any record can arrive twice (a relay replaying its unacknowledged tail, a consumer
 * dying before its offset commit). Every record of three completed sagas, on every saga topic, is delivered again
 * verbatim: the consumers must see them (their DUPLICATE counters move) and change nothing anywhere.
 */
@ExtendWith(ServicesExtension.class)
class RedeliveryTest {

    /** The topics a checkout's messages travel on: all but notification.events, which no service consumes. */
    private static final List<String> SAGA_TOPICS = Topics.all().stream()
            .filter(topic -> !topic.equals(Topics.events(Aggregate.NOTIFICATION))).toList();
    /** Application port index of each consuming service (Ports.service): every application but the relay. */
    private static final Map<String, Integer> CONSUMERS = SpringService.ALL.stream()
            .filter(spec -> !spec.name().equals("cdc-relay"))
            .collect(Collectors.toMap(SpringService.Spec::name, SpringService.Spec::portIndex));

    @Test
    void everySagaRecordDeliveredTwiceChangesNothingAnywhere(Firedrill firedrill) throws Exception {
        List<String> skus = firedrill.loadCatalog(100, 100);
        List<UUID> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            orders.add(firedrill.placeOrder(Firedrill.GOOD_CARD, Map.of(skus.get(i % 2), 2)));
        }
        for (UUID id : orders) {
            assertThat(firedrill.awaitTerminal(id, Duration.ofSeconds(120))).as("order " + id).containsEntry("status", "COMPLETED");
        }
        Set<String> keys = orders.stream().map(UUID::toString).collect(Collectors.toSet());
        // Notifications are written after the saga ends: count only once two readings 3 s apart agree.
        Map<String, Object> before = effects(firedrill, orders, skus);
        for (int settled = 0; settled < 20; settled++) {
            Thread.sleep(3_000);
            Map<String, Object> again = effects(firedrill, orders, skus);
            if (again.equals(before) && orders.stream().allMatch(id -> notifications(firedrill, id) > 0)) {
                break;
            }
            before = again;
        }
        double duplicatesBefore = duplicates(firedrill);

        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String topic : SAGA_TOPICS) {
            records.addAll(recordsFor(firedrill, topic, keys));
        }
        assertThat(records.stream().map(ConsumerRecord::topic).distinct()).as("every saga topic carried these orders")
                .containsExactlyInAnyOrderElementsOf(SAGA_TOPICS);
        try (KafkaProducer<byte[], byte[]> producer = firedrill.kafkaProducer()) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                producer.send(new ProducerRecord<>(r.topic(), null, r.key(), r.value(), r.headers())).get();
            }
        }

        // Every copy reaches at least one consumer, and each one is recognised as already processed.
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(duplicates(firedrill) - duplicatesBefore).isGreaterThanOrEqualTo(records.size()));
        Thread.sleep(3_000); // what a double effect would need to show: a handler that ran after all
        assertThat(effects(firedrill, orders, skus)).as("stock, charges, refunds, shipments, notifications, order states")
                .isEqualTo(before);
    }

    /** Everything a second delivery could change, as one comparable map. */
    private static Map<String, Object> effects(Firedrill firedrill, List<UUID> orders, List<String> skus) throws Exception {
        Map<String, Object> effects = new HashMap<>();
        for (String sku : skus) {
            var stock = firedrill.stock(sku);
            effects.put(sku + ".committed", stock.path("committed").asInt());
            effects.put(sku + ".reserved", stock.path("reserved").asInt());
            effects.put(sku + ".available", stock.path("available").asInt());
        }
        for (UUID id : orders) {
            String o = id.toString();
            effects.put(o + ".status", firedrill.orderRow(id).get("status"));
            effects.put(o + ".ledger", firedrill.query("firedrill_payment", "SELECT l.kind, COUNT(*) AS n FROM ledger_entry l JOIN payment p "
                    + "ON p.id = l.payment_id WHERE p.order_id = ? GROUP BY l.kind ORDER BY l.kind", o).toString());
            effects.put(o + ".shipments", firedrill.count("firedrill_shipment", "SELECT COUNT(*) FROM shipment WHERE order_id = ?", o));
            effects.put(o + ".reservations", firedrill.query("firedrill_inventory", "SELECT status, COUNT(*) AS n FROM reservation "
                    + "WHERE order_id = ? GROUP BY status ORDER BY status", o).toString());
            effects.put(o + ".notifications", notifications(firedrill, id));
        }
        return effects;
    }

    private static long notifications(Firedrill firedrill, UUID order) {
        try (MongoClient mongo = MongoClients.create(firedrill.endpoints().mongodbUri())) {
            return mongo.getDatabase("firedrill_notification").getCollection("notifications")
                    .countDocuments(Filters.eq("orderId", order.toString()));
        }
    }

    /** Sum of firedrill_events_consumed_total{outcome="DUPLICATE"} over every consuming service. */
    private static double duplicates(Firedrill firedrill) throws Exception {
        double sum = 0;
        for (int index : CONSUMERS.values()) {
            sum += firedrill.metrics(index).stream()
                    .filter(s -> s.name().equals("firedrill_events_consumed_total") && "DUPLICATE".equals(s.labels().get("outcome")))
                    .mapToDouble(Firedrill.Sample::value).sum();
        }
        return sum;
    }

    /** Every record of the topic whose key is one of these orders, read from the beginning without a group. */
    private static List<ConsumerRecord<byte[], byte[]>> recordsFor(Firedrill firedrill, String topic, Set<String> keys) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = firedrill.kafkaConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    if (r.key() != null && keys.contains(new String(r.key(), StandardCharsets.UTF_8))) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

}
