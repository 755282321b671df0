package io.firedrill.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.commands.RefundPayment;
import io.firedrill.contracts.commands.ReleaseReservation;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.contracts.events.InventoryRejected;
import io.firedrill.contracts.events.InventoryReserved;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.PaymentDeclined;
import io.firedrill.contracts.events.PaymentRefunded;
import io.firedrill.contracts.events.ReservationCommitted;
import io.firedrill.contracts.events.ReservationExpired;
import io.firedrill.contracts.events.ReservationReleased;
import io.firedrill.contracts.events.ShipmentCreated;
import io.firedrill.contracts.events.ShipmentFailed;
import io.firedrill.order.OrderProperties;
import io.firedrill.order.admin.OrderSettings;
import io.firedrill.order.domain.Order;
import io.firedrill.order.domain.OrderLine;
import io.firedrill.order.domain.saga.SagaInstance;
import io.firedrill.order.domain.saga.SagaStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The step table itself: order of steps, what compensation undoes what, the commands it builds. */
class CheckoutSagaTableTest {

    private final Instant now = Instant.parse("2026-01-01T10:00:00Z");
    private final OrderSettings.Snapshot settings = new OrderSettings.Snapshot(30, Duration.ofSeconds(10),
            Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(15), 3, 5,
            Duration.ofMinutes(30), Duration.ofMillis(500), OrderProperties.ReadConsistency.REPLICA, 200, Duration.ofSeconds(2));

    @Test
    void stepsRunReserveThenPaymentThenCommitThenShipment() {
        assertThat(SagaTable.firstStep()).isEqualTo(SagaStep.RESERVE_INVENTORY);
        assertThat(SagaTable.next(SagaStep.RESERVE_INVENTORY)).hasValue(SagaStep.AUTHORIZE_PAYMENT);
        assertThat(SagaTable.next(SagaStep.AUTHORIZE_PAYMENT)).hasValue(SagaStep.COMMIT_RESERVATION);
        assertThat(SagaTable.next(SagaStep.COMMIT_RESERVATION)).hasValue(SagaStep.CREATE_SHIPMENT);
        assertThat(SagaTable.next(SagaStep.CREATE_SHIPMENT)).isEmpty();
        assertThat(SagaTable.deadline(SagaStep.AUTHORIZE_PAYMENT, settings)).isEqualTo(Duration.ofSeconds(15));
        assertThat(SagaTable.maxAttempts(SagaStep.REFUND_PAYMENT, settings)).isEqualTo(5);
        assertThat(SagaTable.commandName(SagaStep.RELEASE_RESERVATION)).isEqualTo("ReleaseReservation");
    }

    @Test
    void answersEveryStepWithASuccessAndAFailureAndEveryCompensationWithAnAcknowledgement() {
        Map<Class<?>, String> rows = SagaTable.replies().stream()
                .collect(Collectors.toMap(Reply::type, r -> r.answers() + " " + r.kind()));

        assertThat(rows).containsOnly(
                entry(InventoryReserved.class, "RESERVE_INVENTORY SUCCESS"),
                entry(InventoryRejected.class, "RESERVE_INVENTORY FAILURE"),
                entry(PaymentAuthorized.class, "AUTHORIZE_PAYMENT SUCCESS"),
                entry(PaymentDeclined.class, "AUTHORIZE_PAYMENT FAILURE"),
                entry(ReservationCommitted.class, "COMMIT_RESERVATION SUCCESS"),
                entry(ReservationExpired.class, "COMMIT_RESERVATION FAILURE"),
                entry(ShipmentCreated.class, "CREATE_SHIPMENT SUCCESS"),
                entry(ShipmentFailed.class, "CREATE_SHIPMENT FAILURE"),
                entry(ReservationReleased.class, "RELEASE_RESERVATION ACKNOWLEDGEMENT"),
                entry(PaymentRefunded.class, "REFUND_PAYMENT ACKNOWLEDGEMENT"));
    }

    @Test
    void compensatesBackwardsOnlyWhatIsStillHeld() {
        SagaInstance saga = SagaInstance.start(UUID.randomUUID(), UUID.randomUUID(), SagaStep.RESERVE_INVENTORY, now, now);
        assertThat(SagaTable.nextCompensation(saga)).isEmpty();

        saga.reservationHeld(UUID.randomUUID());
        assertThat(SagaTable.nextCompensation(saga)).hasValue(SagaStep.RELEASE_RESERVATION);

        saga.paymentAuthorized(UUID.randomUUID());
        assertThat(SagaTable.nextCompensation(saga)).hasValue(SagaStep.REFUND_PAYMENT);

        saga.paymentRefunded();
        assertThat(SagaTable.nextCompensation(saga)).hasValue(SagaStep.RELEASE_RESERVATION);

        saga.reservationExpired();
        assertThat(SagaTable.nextCompensation(saga)).isEmpty();
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

        assertThat(SagaTable.command(SagaStep.RESERVE_INVENTORY, data))
                .isEqualTo(new ReserveInventory(order.id(), order.lineItems(), 30));
        assertThat(SagaTable.command(SagaStep.AUTHORIZE_PAYMENT, data))
                .isEqualTo(new AuthorizePayment(order.id(), order.customerId(), 2250, "EUR", "pm_test0123456789abcdefghij"));
        assertThat(SagaTable.command(SagaStep.REFUND_PAYMENT, data))
                .isEqualTo(new RefundPayment(order.id(), payment, 2250, "SHIPMENT_FAILED"));
        assertThat(SagaTable.command(SagaStep.RELEASE_RESERVATION, data))
                .isEqualTo(new ReleaseReservation(order.id(), reservation, "SHIPMENT_FAILED"));
    }
}
