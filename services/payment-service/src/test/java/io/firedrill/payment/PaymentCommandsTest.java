package io.firedrill.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.commands.RefundPayment;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.PaymentDeclined;
import io.firedrill.contracts.events.PaymentRefunded;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.TransientFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** AuthorizePayment and RefundPayment on the real stack, through the real consumer. */
class PaymentCommandsTest extends PaymentTestSupport {

    @AfterEach
    void restoreSettings() {
        settings.update(Duration.ofMillis(20), 0.0, 0.0);
    }

    /** An authorization of a new customer's order, paid with {@code card} tokenized in the vault, as checkouts do. */
    private AuthorizePayment authorize(UUID orderId, long cents, String card) {
        UUID customer = UUID.randomUUID();
        return new AuthorizePayment(orderId, customer, cents, "EUR", token(customer, card));
    }

    @Test
    void authorizesRecordsTheChargeInTheLedgerAndAnnouncesIt() throws Exception {
        UUID orderId = UUID.randomUUID();

        send(UUID.randomUUID(), authorize(orderId, 12_345, CARD)); // through Kafka and the binder

        PaymentAuthorized authorized = awaitAnnounced(orderId, PaymentAuthorized.class);
        assertThat(authorized.amountCents()).isEqualTo(12_345);
        Map<String, Object> row = jdbc.queryForMap("SELECT id, status, amount_cents, currency, payment_method, tenant_region "
                + "FROM payment WHERE order_id = ?", orderId.toString());
        assertThat(row).containsEntry("id", authorized.paymentId().toString()).containsEntry("status", "AUTHORIZED")
                .containsEntry("amount_cents", 12_345L).containsEntry("currency", "EUR").containsEntry("tenant_region", "ap-south")
                .containsEntry("payment_method", "visa ****4242");
        assertThat(ledger(orderId)).containsExactly(Map.of("kind", "AUTHORIZATION", "amount_cents", 12_345L));
        assertThat(jdbc.queryForObject("SELECT aggregatetype FROM outbox WHERE aggregateid = ?", String.class, orderId.toString()))
                .isEqualTo("payment.events");
    }

    @Test
    void testCardsAreDeclinedWithTheirReasonAndNothingIsCharged() {
        UUID declined = UUID.randomUUID();
        UUID broke = UUID.randomUUID();

        dispatch(authorize(declined, 5_000, DECLINED_CARD));
        dispatch(authorize(broke, 5_000, "5555 5555 5557 9995"));

        assertThat(announced(declined)).containsExactly(new PaymentDeclined(declined, "CARD_DECLINED"));
        assertThat(announced(broke)).containsExactly(new PaymentDeclined(broke, "INSUFFICIENT_FUNDS"));
        assertThat(ledger(declined)).isEmpty();
        assertThat(ledger(broke)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT status FROM payment WHERE order_id = ?", String.class, declined.toString()))
                .isEqualTo("DECLINED");
    }

    @Test
    void theSameAuthorizationTwiceUnderNewEventIdsChargesOnce() {
        UUID orderId = UUID.randomUUID();
        AuthorizePayment command = authorize(orderId, 999, CARD);

        dispatch(command);
        dispatch(command); // the saga asking again after a timeout: a new event id, the same order

        List<PaymentAuthorized> answers = announced(orderId, PaymentAuthorized.class);
        assertThat(answers).hasSize(2);
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        assertThat(payments(orderId)).isEqualTo(1);
        assertThat(ledger(orderId)).hasSize(1);
        assertThat(charged(orderId)).isEqualTo(999);
    }

    @Test
    void twoDeliveriesRacingForTheSameOrderChargeOnce() throws Exception {
        UUID orderId = UUID.randomUUID();
        AuthorizePayment command = authorize(orderId, 700, CARD);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<MessageDispatcher.Outcome>> outcomes = List.of(
                    pool.submit(() -> { start.await(); return dispatch(command); }),
                    pool.submit(() -> { start.await(); return dispatch(command); }));
            start.countDown();
            for (Future<MessageDispatcher.Outcome> outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo(MessageDispatcher.Outcome.HANDLED);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(payments(orderId)).isEqualTo(1);
        assertThat(charged(orderId)).isEqualTo(700);
        assertThat(announced(orderId, PaymentAuthorized.class)).hasSize(2).extracting(PaymentAuthorized::paymentId).containsOnly(
                announced(orderId, PaymentAuthorized.class).get(0).paymentId());
    }

    @Test
    void theSameRecordDeliveredTwiceHasOneEffect() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        AuthorizePayment command = authorize(orderId, 250, CARD);

        send(eventId, command);
        send(eventId, command);
        UUID paymentId = awaitAnnounced(orderId, PaymentAuthorized.class).paymentId();
        // Same key, same partition, in order: once this refund is handled, both copies before it were too.
        send(UUID.randomUUID(), new RefundPayment(orderId, paymentId, 250, "marker"));
        awaitAnnounced(orderId, PaymentRefunded.class);

        assertThat(announced(orderId, PaymentAuthorized.class)).hasSize(1);
        assertThat(dispatch(eventId, command)).isEqualTo(MessageDispatcher.Outcome.DUPLICATE);
        assertThat(ledger(orderId)).hasSize(2);
    }

    @Test
    void aRefundReturnsTheWholeChargeSoTheLedgerSumsToZero() {
        UUID orderId = UUID.randomUUID();
        dispatch(authorize(orderId, 4_200, CARD));
        UUID paymentId = announced(orderId, PaymentAuthorized.class).get(0).paymentId();

        dispatch(new RefundPayment(orderId, paymentId, 4_200, "reservation expired"));

        assertThat(announced(orderId, PaymentRefunded.class)).containsExactly(new PaymentRefunded(orderId, paymentId, 4_200));
        assertThat(ledger(orderId)).containsExactly(Map.of("kind", "AUTHORIZATION", "amount_cents", 4_200L),
                Map.of("kind", "REFUND", "amount_cents", -4_200L));
        assertThat(charged(orderId)).isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM payment WHERE id = ?", String.class, paymentId.toString()))
                .isEqualTo("REFUNDED");
    }

    @Test
    void refundingTwiceRefundsOnce() {
        UUID orderId = UUID.randomUUID();
        dispatch(authorize(orderId, 1_000, CARD));
        UUID paymentId = announced(orderId, PaymentAuthorized.class).get(0).paymentId();

        dispatch(new RefundPayment(orderId, paymentId, 1_000, "cancelled"));
        dispatch(new RefundPayment(orderId, paymentId, 1_000, "cancelled")); // compensation retried

        assertThat(announced(orderId, PaymentRefunded.class)).hasSize(2).containsOnly(new PaymentRefunded(orderId, paymentId, 1_000));
        assertThat(ledger(orderId)).hasSize(2);
        assertThat(charged(orderId)).isZero();
        // And a re-sent authorization after the refund charges nothing new.
        dispatch(authorize(orderId, 1_000, CARD));
        assertThat(charged(orderId)).isZero();
    }

    @Test
    void refundOfADeclinedPaymentAnnouncesZeroAndAnUnknownPaymentIsDeadLettered() {
        UUID orderId = UUID.randomUUID();
        dispatch(authorize(orderId, 800, DECLINED_CARD));
        UUID declinedId = UUID.fromString(jdbc.queryForObject("SELECT id FROM payment WHERE order_id = ?", String.class,
                orderId.toString()));

        dispatch(new RefundPayment(orderId, declinedId, 800, "cancelled"));
        assertThat(announced(orderId, PaymentRefunded.class)).containsExactly(new PaymentRefunded(orderId, declinedId, 0));
        assertThat(ledger(orderId)).isEmpty();

        UUID stranger = UUID.randomUUID();
        assertThat(dispatch(new RefundPayment(stranger, UUID.randomUUID(), 1, "bug"))).isEqualTo(MessageDispatcher.Outcome.DEAD_LETTERED);
        assertThat(dispatch(new RefundPayment(stranger, declinedId, 1, "bug"))).isEqualTo(MessageDispatcher.Outcome.DEAD_LETTERED);
        assertThat(announced(stranger)).isEmpty();
    }

    @Test
    void theProviderLatencySettingSlowsAuthorizationDown() {
        dispatch(authorize(UUID.randomUUID(), 1, CARD)); // warm
        long fast = timed(() -> dispatch(authorize(UUID.randomUUID(), 1, CARD)));

        settings.update(Duration.ofMillis(600), null);
        long slow = timed(() -> dispatch(authorize(UUID.randomUUID(), 1, CARD)));

        assertThat(slow).isGreaterThanOrEqualTo(600).isGreaterThan(fast);
    }

    @Test
    void aProviderSlowerThanItsTimeoutIsRetriedAndChargesNothingUntilItAnswers() {
        UUID orderId = UUID.randomUUID();
        AuthorizePayment command = authorize(orderId, 300, CARD);
        UUID eventId = UUID.randomUUID();
        settings.update(Duration.ofMillis(1_500), null); // above the 1 s provider timeout of the tests

        assertThatThrownBy(() -> dispatch(eventId, command)).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("timed out");
        assertThat(payments(orderId)).isZero();
        assertThat(announced(orderId)).isEmpty();

        settings.update(Duration.ofMillis(20), null);
        assertThat(dispatch(eventId, command)).isEqualTo(MessageDispatcher.Outcome.HANDLED); // the binder's redelivery
        assertThat(charged(orderId)).isEqualTo(300);
    }

    @Test
    void theDeclineRatioDeclinesThatShareOfOrdersTheSameWayEveryTime() {
        settings.update(null, 1.0);
        UUID orderId = UUID.randomUUID();
        dispatch(authorize(orderId, 100, CARD));
        assertThat(announced(orderId)).containsExactly(new PaymentDeclined(orderId, "RISK_DECLINED"));

        settings.update(null, 0.0);
        UUID fine = UUID.randomUUID();
        dispatch(authorize(fine, 100, CARD));
        assertThat(announced(fine, PaymentAuthorized.class)).hasSize(1);
    }

    @Test
    void aRefundTheProviderFailsIsConsumedUnansweredAndTheSagasResendRefunds() throws Exception {
        UUID orderId = UUID.randomUUID();
        dispatch(authorize(orderId, 700, CARD));
        UUID paymentId = announced(orderId, PaymentAuthorized.class).get(0).paymentId();
        double failedBefore = refunds("failed");
        settings.update(null, null, 1.0);

        // Through Kafka: consumed (recorded as processed, not redelivered or dead-lettered), nothing refunded or announced.
        UUID failing = UUID.randomUUID();
        send(failing, new RefundPayment(orderId, paymentId, 700, "PAYMENT_TIMEOUT"));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM processed_message WHERE message_id = ?", Integer.class, failing.toString())).isEqualTo(1));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(refunds("failed")).isEqualTo(failedBefore + 1));
        assertThat(charged(orderId)).isEqualTo(700);
        assertThat(jdbc.queryForObject("SELECT status FROM payment WHERE id = ?", String.class, paymentId.toString()))
                .isEqualTo("AUTHORIZED");
        assertThat(announced(orderId, PaymentRefunded.class)).isEmpty();

        // The provider answers again: the saga's resend (a new command) refunds the charge.
        settings.update(null, null, 0.0);
        send(UUID.randomUUID(), new RefundPayment(orderId, paymentId, 700, "PAYMENT_TIMEOUT"));
        assertThat(awaitAnnounced(orderId, PaymentRefunded.class).amountCents()).isEqualTo(700);
        assertThat(charged(orderId)).isZero();
        assertThat(refunds("failed")).isEqualTo(failedBefore + 1);
    }

    @Autowired MeterRegistry meters;

    private double refunds(String outcome) {
        return meters.find("firedrill_refund_total").tag("outcome", outcome).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
