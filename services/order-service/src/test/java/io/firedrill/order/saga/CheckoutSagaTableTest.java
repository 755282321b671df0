package io.firedrill.order.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.commands.RefundPayment;
import io.firedrill.contracts.commands.ReleaseReservation;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.order.OrderProperties;
import io.firedrill.order.admin.OrderSettings;
import io.firedrill.order.domain.Order;
import io.firedrill.order.domain.OrderLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The step table itself: order of steps, what compensation undoes what, the commands it builds. */
class CheckoutSagaTableTest {

    private final Instant now = Instant.parse("2026-01-01T10:00:00Z");
    private final OrderSettings.Snapshot settings = new OrderSettings.Snapshot(30, Duration.ofSeconds(10),
            Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(15), 3, 5,
            Duration.ofMillis(500), OrderProperties.ReadConsistency.REPLICA, 200, Duration.ofSeconds(2));

    @Test
    void stepsRunReserveThenPaymentThenCommitThenShipment() {
        assertThat(CheckoutSaga.firstStep()).isEqualTo(SagaStep.RESERVE_INVENTORY);
        assertThat(CheckoutSaga.next(SagaStep.RESERVE_INVENTORY)).hasValue(SagaStep.AUTHORIZE_PAYMENT);
        assertThat(CheckoutSaga.next(SagaStep.AUTHORIZE_PAYMENT)).hasValue(SagaStep.COMMIT_RESERVATION);
        assertThat(CheckoutSaga.next(SagaStep.COMMIT_RESERVATION)).hasValue(SagaStep.CREATE_SHIPMENT);
        assertThat(CheckoutSaga.next(SagaStep.CREATE_SHIPMENT)).isEmpty();
        assertThat(CheckoutSaga.deadline(SagaStep.AUTHORIZE_PAYMENT, settings)).isEqualTo(Duration.ofSeconds(15));
        assertThat(CheckoutSaga.maxAttempts(SagaStep.REFUND_PAYMENT, settings)).isEqualTo(5);
        assertThat(CheckoutSaga.commandName(SagaStep.RELEASE_RESERVATION)).isEqualTo("ReleaseReservation");
    }

    @Test
    void compensatesBackwardsOnlyWhatIsStillHeld() {
        SagaInstance saga = SagaInstance.start(UUID.randomUUID(), UUID.randomUUID(), SagaStep.RESERVE_INVENTORY, now, now);
        assertThat(CheckoutSaga.nextCompensation(saga)).isEmpty();

        saga.reservationHeld(UUID.randomUUID());
        assertThat(CheckoutSaga.nextCompensation(saga)).hasValue(SagaStep.RELEASE_RESERVATION);

        saga.paymentAuthorized(UUID.randomUUID());
        assertThat(CheckoutSaga.nextCompensation(saga)).hasValue(SagaStep.REFUND_PAYMENT);

        saga.paymentRefunded();
        assertThat(CheckoutSaga.nextCompensation(saga)).hasValue(SagaStep.RELEASE_RESERVATION);

        saga.reservationExpired();
        assertThat(CheckoutSaga.nextCompensation(saga)).isEmpty();
    }

    @Test
    void buildsCommandsFromTheOrderAndWhatTheSagaLearned() {
        Order order = Order.place(UUID.randomUUID(), UUID.randomUUID(), TenantRegion.US_EAST,
                List.of(new OrderLine("SKU-1", "Shoe", 2, 1000), new OrderLine("SKU-2", "Sock", 1, 250)), "EUR",
                "pm_test0123456789abcdefghij", "visa ****1111", new Address("A", "1 St", null, "NYC", "10001", "US"), null,
                null, now);
        SagaInstance saga = SagaInstance.start(UUID.randomUUID(), order.id(), SagaStep.RESERVE_INVENTORY, now, now);
        UUID reservation = UUID.randomUUID();
        UUID payment = UUID.randomUUID();
        saga.reservationHeld(reservation);
        saga.paymentAuthorized(payment);
        order.compensating("SHIPMENT_FAILED", now);
        CheckoutSaga.Data data = new CheckoutSaga.Data(order, saga, settings);

        assertThat(CheckoutSaga.command(SagaStep.RESERVE_INVENTORY, data))
                .isEqualTo(new ReserveInventory(order.id(), order.lineItems(), 30));
        assertThat(CheckoutSaga.command(SagaStep.AUTHORIZE_PAYMENT, data))
                .isEqualTo(new AuthorizePayment(order.id(), order.customerId(), 2250, "EUR", "pm_test0123456789abcdefghij"));
        assertThat(CheckoutSaga.command(SagaStep.REFUND_PAYMENT, data))
                .isEqualTo(new RefundPayment(order.id(), payment, 2250, "SHIPMENT_FAILED"));
        assertThat(CheckoutSaga.command(SagaStep.RELEASE_RESERVATION, data))
                .isEqualTo(new ReleaseReservation(order.id(), reservation, "SHIPMENT_FAILED"));
    }
}
