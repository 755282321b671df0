package io.firedrill.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.payment.ledger.DoubleCharges;
import io.firedrill.stack.ConsumerGroups;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The duplicate-delivery incident on the real broker and database: the service's consumer group is rewound (its binding
 * stopped through the actuator, the offsets moved back, the binding started), so the commands of the window arrive a
 * second time under the same event ids. With dedup on they change nothing; with dedup off the order is charged again, the
 * ledger gauge counts it, and the repair refunds it.
 */
class DuplicateDeliveryTest extends PaymentTestSupport {

    private static final String BINDING = "paymentCommands-in-0";

    @Autowired DoubleCharges doubleCharges;
    @Autowired MeterRegistry meters;
    @Value("${spring.cloud.stream.bindings.paymentCommands-in-0.group}") String group;

    @AfterEach
    void restoreSettings() {
        settings.update(Duration.ofMillis(20), 0.0, true);
    }

    @Test
    void aRewoundGroupRedeliversTheAuthorizationAndDedupChargesNothingTwice() throws Exception {
        UUID orderId = UUID.randomUUID();
        Instant before = Instant.now().minusMillis(500);
        send(UUID.randomUUID(), authorize(orderId, 4_200));
        awaitAnnounced(orderId, PaymentAuthorized.class);
        double duplicates = consumed("DUPLICATE");

        long replayed = rewindTo(before);

        assertThat(replayed).isGreaterThanOrEqualTo(1);
        Awaitility.await().atMost(WAIT).until(() -> consumed("DUPLICATE") >= duplicates + 1);
        assertThat(payments(orderId)).isEqualTo(1);
        assertThat(charged(orderId)).isEqualTo(4_200);
        assertThat(announced(orderId, PaymentAuthorized.class)).hasSize(1);
        assertThat(doubleCharges.recount()).isZero();
    }

    @Test
    void withDedupOffTheRedeliveredAuthorizationChargesAgainTheGaugeCountsItAndTheRepairRefundsIt() throws Exception {
        UUID orderId = UUID.randomUUID();
        Instant before = Instant.now().minusMillis(500);
        send(UUID.randomUUID(), authorize(orderId, 3_100));
        UUID first = awaitAnnounced(orderId, PaymentAuthorized.class).paymentId();
        double handledAgain = consumed("DUPLICATE_HANDLED");
        assertThat(admin().patch("/admin/settings", "{\"dedup\":false}").body()).contains("\"dedup\":false");

        rewindTo(before);

        Awaitility.await().atMost(WAIT).until(() -> payments(orderId) == 2);
        assertThat(consumed("DUPLICATE_HANDLED")).isGreaterThanOrEqualTo(handledAgain + 1);
        assertThat(charged(orderId)).isEqualTo(6_200);
        Awaitility.await().atMost(WAIT).until(() -> doubleCharges.doubleChargedOrders() >= 1); // the periodic check saw it
        assertThat(get(management("/actuator/prometheus")).body()).containsPattern("firedrill_payment_double_charged_orders\\{[^}]*} [1-9]");

        assertThat(admin().delete("/admin/settings").body()).contains("\"dedup\":true");
        HttpResponse<String> repair = admin().post("/admin/refund-double-charges", "{}");

        assertThat(repair.statusCode()).isEqualTo(200);
        assertThat(repair.body()).contains(orderId.toString()).contains("\"doubleChargedOrdersAfter\":0");
        assertThat(charged(orderId)).isEqualTo(3_100);
        assertThat(jdbc.queryForObject("SELECT status FROM payment WHERE id = ?", String.class, first.toString()))
                .as("the payment the saga knows stays charged").isEqualTo("AUTHORIZED");
        assertThat(doubleCharges.doubleChargedOrders()).isZero();
        assertThat(admin().post("/admin/refund-double-charges", "{}").body()).contains("\"refunded\":0");
    }

    private AuthorizePayment authorize(UUID orderId, long cents) {
        UUID customer = UUID.randomUUID();
        return new AuthorizePayment(orderId, customer, cents, "EUR", token(customer, CARD));
    }

    /** What the scenario's lever does: binding stopped, the group's offsets moved back to {@code to}, binding started. */
    private long rewindTo(Instant to) throws Exception {
        try (ConsumerGroups groups = new ConsumerGroups(messaging.kafkaBootstrap())) {
            assertThat(admin().post("/actuator/bindings/" + BINDING, "{\"state\":\"STOPPED\"}").statusCode()).isLessThan(300);
            try {
                groups.awaitEmpty(group, Duration.ofSeconds(20));
                return groups.rewind(group, commandTopic(), to).replayed();
            } finally {
                assertThat(admin().post("/actuator/bindings/" + BINDING, "{\"state\":\"STARTED\"}").statusCode()).isLessThan(300);
            }
        }
    }

    private double consumed(String outcome) {
        return meters.find("firedrill_events_consumed_total").tag("topic", commandTopic()).tag("outcome", outcome)
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
