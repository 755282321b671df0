package io.firedrill.order.saga;

import static io.firedrill.order.saga.SagaStep.AUTHORIZE_PAYMENT;
import static io.firedrill.order.saga.SagaStep.COMMIT_RESERVATION;
import static io.firedrill.order.saga.SagaStep.CREATE_SHIPMENT;
import static io.firedrill.order.saga.SagaStep.REFUND_PAYMENT;
import static io.firedrill.order.saga.SagaStep.RELEASE_RESERVATION;
import static io.firedrill.order.saga.SagaStep.RESERVE_INVENTORY;

import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.commands.Command;
import io.firedrill.contracts.commands.CommitReservation;
import io.firedrill.contracts.commands.CreateShipment;
import io.firedrill.contracts.commands.RefundPayment;
import io.firedrill.contracts.commands.ReleaseReservation;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.contracts.events.Event;
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
import io.firedrill.order.admin.OrderSettings.Snapshot;
import io.firedrill.order.domain.Order;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The checkout saga, as a table. Read it top to bottom: compensatable step first, then the pivot (payment), then
 * the retriable steps. Each row names the command, the reply that moves the saga on, the reply that fails it, the
 * compensation that undoes the step, the cancel reason when the step never answers, and the step's deadline.
 *
 * <p>Compensation is driven by what the participants confirmed, not by where the saga failed: walking the steps
 * backwards, each step whose effect is still held (stock reserved or sold, money authorized) is undone by its
 * compensation. The same rule undoes late replies (a payment authorized after the saga timed out or was cancelled).
 * {@link CheckoutSagaManager} applies the table.
 */
public final class CheckoutSaga {

    /** The saga's view of one checkout when it builds a command. */
    public record Data(Order order, SagaInstance saga, Snapshot settings) {}

    /** A forward step. */
    public record Step(
            SagaStep step,
            Class<? extends Command> command,
            Function<Data, Command> build,
            Class<? extends Event> onSuccess,
            Class<? extends Event> onFailure,
            SagaStep compensation,
            Predicate<SagaInstance> needsCompensation,
            String timeoutReason,
            Function<Snapshot, Duration> deadline) {}

    /** A compensation: the command that undoes a step and the reply that acknowledges it. */
    public record Compensation(
            SagaStep step,
            Class<? extends Command> command,
            Function<Data, Command> build,
            Class<? extends Event> acknowledgedBy,
            Function<Snapshot, Duration> deadline) {}

    public static final String CURRENCY = "EUR";

    // @formatter:off
    static final List<Step> STEPS = List.of(
        //       step                command                   built by                         success                     failure                   compensation         needs compensation while             reason if never answered  deadline
        // compensatable
        new Step(RESERVE_INVENTORY,  ReserveInventory.class,   CheckoutSaga::reserveInventory,  InventoryReserved.class,    InventoryRejected.class,  RELEASE_RESERVATION, s -> s.reservation().needsRelease(), "INVENTORY_TIMEOUT",        Snapshot::reserveDeadline),
        // pivot
        new Step(AUTHORIZE_PAYMENT,  AuthorizePayment.class,   CheckoutSaga::authorizePayment,  PaymentAuthorized.class,    PaymentDeclined.class,    REFUND_PAYMENT,      s -> s.payment().needsRefund(),      "PAYMENT_TIMEOUT",          Snapshot::paymentDeadline),
        // retriable
        new Step(COMMIT_RESERVATION, CommitReservation.class,  CheckoutSaga::commitReservation, ReservationCommitted.class, ReservationExpired.class, null,                s -> false,                          "COMMIT_TIMEOUT",           Snapshot::commitDeadline),
        new Step(CREATE_SHIPMENT,    CreateShipment.class,     CheckoutSaga::createShipment,    ShipmentCreated.class,      ShipmentFailed.class,     null,                s -> false,                          "SHIPMENT_TIMEOUT",         Snapshot::shipmentDeadline));

    static final List<Compensation> COMPENSATIONS = List.of(
        //               step                 command                   built by                          acknowledged by            deadline
        new Compensation(RELEASE_RESERVATION, ReleaseReservation.class, CheckoutSaga::releaseReservation, ReservationReleased.class, Snapshot::compensationDeadline),
        new Compensation(REFUND_PAYMENT,      RefundPayment.class,      CheckoutSaga::refundPayment,      PaymentRefunded.class,     Snapshot::compensationDeadline));
    // @formatter:on

    private CheckoutSaga() {}

    public static SagaStep firstStep() {
        return STEPS.get(0).step();
    }

    public static Step step(SagaStep step) {
        return STEPS.stream().filter(s -> s.step() == step).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(step + " is not a forward step"));
    }

    public static Compensation compensation(SagaStep step) {
        return COMPENSATIONS.stream().filter(c -> c.step() == step).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(step + " is not a compensation"));
    }

    /** The forward step after {@code step}, empty after the last one. */
    public static Optional<SagaStep> next(SagaStep step) {
        int i = STEPS.indexOf(step(step));
        return i + 1 < STEPS.size() ? Optional.of(STEPS.get(i + 1).step()) : Optional.empty();
    }

    public static SagaStep lastStep() {
        return STEPS.get(STEPS.size() - 1).step();
    }

    /** The next compensation to run: the latest step whose effect is still held, walking backwards. */
    public static Optional<SagaStep> nextCompensation(SagaInstance saga) {
        for (int i = STEPS.size() - 1; i >= 0; i--) {
            Step step = STEPS.get(i);
            if (step.compensation() != null && step.needsCompensation().test(saga)) {
                return Optional.of(step.compensation());
            }
        }
        return Optional.empty();
    }

    /** The command of a forward step or compensation, built from the order and what the saga learned. */
    public static Command command(SagaStep step, Data data) {
        Command command = step.isCompensation() ? compensation(step).build().apply(data) : step(step).build().apply(data);
        Class<? extends Command> declared = step.isCompensation() ? compensation(step).command() : step(step).command();
        if (!declared.isInstance(command)) {
            throw new IllegalStateException(step + " declares " + declared.getSimpleName() + " but built " + command);
        }
        return command;
    }

    public static Duration deadline(SagaStep step, Snapshot settings) {
        return step.isCompensation() ? compensation(step).deadline().apply(settings) : step(step).deadline().apply(settings);
    }

    public static int maxAttempts(SagaStep step, Snapshot settings) {
        return step.isCompensation() ? settings.compensationMaxAttempts() : settings.stepMaxAttempts();
    }

    /** Wire name of the command a step sends, for logs and errors. */
    public static String commandName(SagaStep step) {
        Class<? extends Command> type = step.isCompensation() ? compensation(step).command() : step(step).command();
        return MessageType.of(type).typeName();
    }

    // --- commands ----------------------------------------------------------------------------------------------

    private static Command reserveInventory(Data d) {
        return new ReserveInventory(d.order().id(), d.order().lineItems(), d.settings().reservationTtlSeconds());
    }

    private static Command authorizePayment(Data d) {
        Order o = d.order();
        return new AuthorizePayment(o.id(), o.customerId(), o.totalCents(), o.currency(), o.paymentMethod());
    }

    private static Command commitReservation(Data d) {
        return new CommitReservation(d.order().id(), d.saga().reservationId());
    }

    private static Command createShipment(Data d) {
        Order o = d.order();
        return new CreateShipment(o.id(), o.customerId(), o.lineItems(), o.shippingAddress());
    }

    private static Command releaseReservation(Data d) {
        return new ReleaseReservation(d.order().id(), d.saga().reservationId(), reason(d));
    }

    private static Command refundPayment(Data d) {
        return new RefundPayment(d.order().id(), d.saga().paymentId(), d.order().totalCents(), reason(d));
    }

    private static String reason(Data d) {
        return d.order().reason() == null ? "COMPENSATION" : d.order().reason();
    }
}
