package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.MessageHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SLIs of DESIGN.md section 5 on the running services' {@code /actuator/prometheus}: each exists before its first
 * event, and each moves when its cause happens, and only then (a declined card moves the decline counter, never a
 * failure one).
 */
@ExtendWith(ServicesExtension.class)
class SliMetricsTest {

    private static final Duration SAGA = Duration.ofSeconds(180);
    private static final int ORDER = 0, INVENTORY = 1, PAYMENT = 2, SHIPMENT = 3, NOTIFICATION = 4;


    @Test
    void everySliSeriesIsExportedBeforeItsFirstEvent(Firedrill firedrill) throws Exception {
        assertExported(firedrill, ORDER, "firedrill_checkout_total", Map.of("outcome", "cancelled", "reason", "PAYMENT_TIMEOUT", "tenant_region", "ap-south"));
        assertExported(firedrill, ORDER, "firedrill_checkout_duration_seconds_bucket", Map.of("outcome", "completed", "le", "2.0"));
        assertExported(firedrill, ORDER, "firedrill_saga_in_flight", Map.of("state", "RUNNING", "step", "AUTHORIZE_PAYMENT"));
        assertExported(firedrill, ORDER, "firedrill_saga_oldest_in_flight_seconds", Map.of());
        assertExported(firedrill, ORDER, "firedrill_saga_most_overdue_seconds", Map.of());
        assertExported(firedrill, ORDER, "firedrill_saga_step_timeouts_total", Map.of("step", "REFUND_PAYMENT"));
        assertExported(firedrill, ORDER, "spring_cloud_stream_binder_kafka_offset", Map.of("topic", "payment.events"));
        assertExported(firedrill, ORDER, "hikaricp_connections_active", Map.of("pool", "replica"));
        assertExported(firedrill, INVENTORY, "firedrill_reservation_expired_total", Map.of("tenant_region", "us-east"));
        assertExported(firedrill, INVENTORY, "firedrill_inventory_oversold_units", Map.of());
        assertExported(firedrill, INVENTORY, "firedrill_events_rejected_total", Map.of("topic", "inventory.commands", "reason", "handler-failed"));
        assertExported(firedrill, INVENTORY, "firedrill_dlq_events_total", Map.of("topic", "inventory.commands", "reason", "unknown-type"));
        assertExported(firedrill, PAYMENT, "firedrill_payment_total", Map.of("outcome", "declined"));
        assertExported(firedrill, SHIPMENT, "firedrill_shipments_total", Map.of("outcome", "failed"));
        assertExported(firedrill, SHIPMENT, "firedrill_label_upload_seconds_count", Map.of("outcome", "failure"));
        assertExported(firedrill, NOTIFICATION, "firedrill_notification_delivery_total", Map.of("channel", "SMS", "outcome", "failed"));
    }

    @Test
    void declinedCardMovesTheDeclineCountersAndNoFailureCounter(Firedrill firedrill) throws Exception {
        String sku = firedrill.loadCatalog(10).get(0);
        double declinedBefore = sum(firedrill, ORDER, "firedrill_checkout_total", Map.of("outcome", "cancelled", "reason", "PAYMENT_DECLINED"));
        double failuresBefore = sum(firedrill, ORDER, "firedrill_checkout_total", SliMetricsTest::availabilityFailure);
        double paymentDeclinedBefore = sum(firedrill, PAYMENT, "firedrill_payment_total", Map.of("outcome", "declined"));

        UUID order = place(firedrill, Firedrill.DECLINED_CARD, Map.of(sku, 1));
        assertThat(firedrill.awaitTerminal(order, SAGA)).containsEntry("status", "CANCELLED").containsEntry("reason", "PAYMENT_DECLINED");

        awaitAtLeast(firedrill, ORDER, "firedrill_checkout_total", Map.of("outcome", "cancelled", "reason", "PAYMENT_DECLINED"), declinedBefore + 1);
        awaitAtLeast(firedrill, PAYMENT, "firedrill_payment_total", Map.of("outcome", "declined"), paymentDeclinedBefore + 1);
        assertThat(sum(firedrill, ORDER, "firedrill_checkout_total", SliMetricsTest::availabilityFailure))
                .as("checkouts counted as availability failures").isEqualTo(failuresBefore);
    }

    @Test
    void outOfStockMovesTheOutOfStockCountersAndNoFailureCounter(Firedrill firedrill) throws Exception {
        String sku = firedrill.skuSoldOutBehindOrderServicesBack();
        double outOfStockBefore = sum(firedrill, ORDER, "firedrill_checkout_total", Map.of("outcome", "cancelled", "reason", "OUT_OF_STOCK"));
        double rejectedBefore = sum(firedrill, INVENTORY, "firedrill_inventory_reserve_total", Map.of("outcome", "out_of_stock"));
        double failuresBefore = sum(firedrill, ORDER, "firedrill_checkout_total", SliMetricsTest::availabilityFailure);

        UUID order;
        try {
            order = place(firedrill, Firedrill.GOOD_CARD, Map.of(sku, 1));
            assertThat(firedrill.awaitTerminal(order, SAGA)).containsEntry("status", "CANCELLED").containsEntry("reason", "OUT_OF_STOCK");
        } finally {
            firedrill.giveBackUnitTakenElsewhere(sku);
        }

        awaitAtLeast(firedrill, ORDER, "firedrill_checkout_total", Map.of("outcome", "cancelled", "reason", "OUT_OF_STOCK"), outOfStockBefore + 1);
        awaitAtLeast(firedrill, INVENTORY, "firedrill_inventory_reserve_total", Map.of("outcome", "out_of_stock"), rejectedBefore + 1);
        assertThat(sum(firedrill, ORDER, "firedrill_checkout_total", SliMetricsTest::availabilityFailure)).isEqualTo(failuresBefore);
    }

    @Test
    void completedCheckoutMovesCompletionDurationShipmentLabelAndNotificationCounters(Firedrill firedrill) throws Exception {
        String sku = firedrill.loadCatalog(10).get(0);
        double completedBefore = sum(firedrill, ORDER, "firedrill_checkout_total", Map.of("outcome", "completed"));
        double durationBefore = sum(firedrill, ORDER, "firedrill_checkout_duration_seconds_count", Map.of("outcome", "completed"));
        double shipmentsBefore = sum(firedrill, SHIPMENT, "firedrill_shipments_total", Map.of("outcome", "created"));
        double uploadsBefore = sum(firedrill, SHIPMENT, "firedrill_label_upload_seconds_count", Map.of("outcome", "success"));
        double sentBefore = sum(firedrill, NOTIFICATION, "firedrill_notification_delivery_total", Map.of("outcome", "sent"));

        UUID order = place(firedrill, Firedrill.GOOD_CARD, Map.of(sku, 1));
        assertThat(firedrill.awaitTerminal(order, SAGA)).containsEntry("status", "COMPLETED");

        awaitAtLeast(firedrill, ORDER, "firedrill_checkout_total", Map.of("outcome", "completed"), completedBefore + 1);
        awaitAtLeast(firedrill, ORDER, "firedrill_checkout_duration_seconds_count", Map.of("outcome", "completed"), durationBefore + 1);
        awaitAtLeast(firedrill, SHIPMENT, "firedrill_shipments_total", Map.of("outcome", "created"), shipmentsBefore + 1);
        awaitAtLeast(firedrill, SHIPMENT, "firedrill_label_upload_seconds_count", Map.of("outcome", "success"), uploadsBefore + 1);
        awaitAtLeast(firedrill, NOTIFICATION, "firedrill_notification_delivery_total", Map.of("outcome", "sent"), sentBefore + 1);
    }

    @Test
    void poisonCommandMovesTheRejectedAndDeadLetterCountersOfItsTopicAndReason(Firedrill firedrill) throws Exception {
        Map<String, String> series = Map.of("topic", "inventory.commands", "reason", "malformed-json");
        double rejectedBefore = sum(firedrill, INVENTORY, "firedrill_events_rejected_total", series);
        double dlqBefore = sum(firedrill, INVENTORY, "firedrill_dlq_events_total", series);

        try (KafkaProducer<byte[], byte[]> producer = firedrill.kafkaProducer()) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(MessageHeaderNames.EVENT_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            headers.add(MessageHeaderNames.TYPE, "ReserveInventory".getBytes(StandardCharsets.UTF_8));
            headers.add(MessageHeaderNames.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
            headers.add(MessageHeaderNames.TENANT_REGION, "eu-west".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>("inventory.commands", null, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                    "{ not json".getBytes(StandardCharsets.UTF_8), headers)).get(10, TimeUnit.SECONDS);
        }

        awaitAtLeast(firedrill, INVENTORY, "firedrill_events_rejected_total", series, rejectedBefore + 1);
        awaitAtLeast(firedrill, INVENTORY, "firedrill_dlq_events_total", series, dlqBefore + 1);
    }

    /** The availability SLO's error selector (alerting/slo/checkout-availability.yml), applied to one series. */
    static boolean availabilityFailure(Map<String, String> labels) {
        String outcome = labels.get("outcome");
        return !(outcome.equals("completed") || outcome.equals("cancelled"))
                || (outcome.equals("cancelled") && !labels.get("reason").matches("PAYMENT_DECLINED|OUT_OF_STOCK|UNKNOWN_SKU|CUSTOMER_CANCELLED"));
    }

    /** POST /api/orders, retrying a 503 (an overloaded catalog sheds load with Retry-After) like a real client. */
    private static UUID place(Firedrill firedrill, String card, Map<String, Integer> lines) throws Exception {
        return firedrill.placeOrderAsync(card, lines).get(90, TimeUnit.SECONDS);
    }

    // --- scraping ---------------------------------------------------------------------------------------------------

    private static double sum(Firedrill firedrill, int service, String name, Map<String, String> labels) throws Exception {
        return sum(firedrill, service, name, l -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(l.get(e.getKey()))));
    }

    private static double sum(Firedrill firedrill, int service, String name, Predicate<Map<String, String>> labels) throws Exception {
        return firedrill.metrics(service).stream().filter(s -> s.name().equals(name) && labels.test(s.labels()))
                .mapToDouble(Firedrill.Sample::value).sum();
    }

    private static void assertExported(Firedrill firedrill, int service, String name, Map<String, String> labels) throws Exception {
        assertThat(firedrill.metrics(service)).as(name + labels + " on service #" + service)
                .anyMatch(s -> s.name().equals(name) && labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))));
    }

    private static void awaitAtLeast(Firedrill firedrill, int service, String name, Map<String, String> labels, double expected) {
        Awaitility.await(name + labels + " >= " + expected).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> sum(firedrill, service, name, labels) >= expected);
    }
}
