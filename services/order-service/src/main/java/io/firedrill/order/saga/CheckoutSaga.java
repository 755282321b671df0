package io.firedrill.order.saga;

import static io.firedrill.order.domain.saga.ReservationStatus.COMMITTED;
import static io.firedrill.order.domain.saga.ReservationStatus.EXPIRED;
import static io.firedrill.order.domain.saga.ReservationStatus.HELD;
import static io.firedrill.order.domain.saga.SagaStep.AUTHORIZE_PAYMENT;
import static io.firedrill.order.domain.saga.SagaStep.COMMIT_RESERVATION;
import static io.firedrill.order.domain.saga.SagaStep.CREATE_SHIPMENT;
import static io.firedrill.order.domain.saga.SagaStep.REFUND_PAYMENT;
import static io.firedrill.order.domain.saga.SagaStep.RELEASE_RESERVATION;
import static io.firedrill.order.domain.saga.SagaStep.RESERVE_INVENTORY;
import static io.firedrill.order.saga.Reply.acknowledgement;
import static io.firedrill.order.saga.Reply.failure;
import static io.firedrill.order.saga.Reply.success;

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
import io.firedrill.contracts.events.OrderCancelled;
import io.firedrill.contracts.events.OrderCompleted;
import io.firedrill.contracts.events.OrderPlaced;
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
import io.firedrill.order.domain.saga.PaymentStatus;
import io.firedrill.order.domain.saga.ReservationStatus;
import io.firedrill.order.domain.saga.SagaInstance;
import io.firedrill.order.domain.saga.SagaState;
import io.firedrill.order.saga.SagaTable.Compensation;
import io.firedrill.order.saga.SagaTable.Step;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkout saga, whole: every step with its command, deadline and replies, every compensation with its
 * acknowledgements, what each reply records on the saga instance, the hooks of the irregular cases, and the events the
 * saga announces. Read it top to bottom: compensatable step first, then the pivot (payment), then the retriable steps.
 * The engine ({@link SagaReplies}, {@link SagaDeadlines}, {@link SagaMoves}) names no message of its own: editing the
 * table changes the saga, and the consumer subscribes to exactly the replies listed here.
 *
 * <p>Compensation is driven by what the participants confirmed, not by where the saga failed: walking the steps
 * backwards, each step whose effect is still held (stock reserved or sold, money authorized) is undone by its
 * compensation. The same rule undoes late replies (a payment authorized after the saga timed out or was cancelled).
 * Queries over the table live in {@link SagaTable}.
 */
public final class CheckoutSaga {

    private static final Logger log = LoggerFactory.getLogger(CheckoutSaga.class);

    /** The saga's view of one checkout when it builds a command. */
    public record Data(Order order, SagaInstance saga, Snapshot settings) {}

    public static final String CURRENCY = "EUR";

    /** Cancel reasons the saga sets itself; inventory's rejection reasons and the timeout reasons are passed through. */
    public static final String CUSTOMER_CANCELLED = "CUSTOMER_CANCELLED";
    public static final String PAYMENT_DECLINED = "PAYMENT_DECLINED";
    public static final String RESERVATION_EXPIRED = "RESERVATION_EXPIRED";
    public static final String SHIPMENT_FAILED = "SHIPMENT_FAILED";

    /** What the saga learns from the participants, as recorded on {@link SagaInstance}. */
    private static final Fact.Holding<ReservationStatus> RESERVATION =
            new Fact.Holding<>("reservation", SagaInstance::reservationId, SagaInstance::reservation, ReservationStatus.NONE);
    private static final Fact.Holding<PaymentStatus> PAYMENT =
            new Fact.Holding<>("payment", SagaInstance::paymentId, SagaInstance::payment, PaymentStatus.NONE);

    // @formatter:off
    static final List<Step> STEPS = List.of(
        //       step                command                   built by                          deadline                    reason if never answered  the order becomes    compensation         needs compensation while
        //   then its replies: kind, type, what it records on the saga instance, cancel reason (failures), hooks of the irregular cases
        // compensatable
        new Step(RESERVE_INVENTORY,  ReserveInventory.class,   CheckoutSaga::reserveInventory,  Snapshot::reserveDeadline,  "INVENTORY_TIMEOUT",      Order::markReserved, RELEASE_RESERVATION, s -> s.reservation().needsRelease(), List.of(
            success(InventoryReserved.class,    RESERVATION.learned(InventoryReserved::reservationId, SagaInstance::reservationHeld)),
            failure(InventoryRejected.class,    r -> r.reason().name()))),
        // pivot
        new Step(AUTHORIZE_PAYMENT,  AuthorizePayment.class,   CheckoutSaga::authorizePayment,  Snapshot::paymentDeadline,  "PAYMENT_TIMEOUT",        Order::markPaid,     REFUND_PAYMENT,      s -> s.payment().needsRefund(), List.of(
            success(PaymentAuthorized.class,    PAYMENT.learned(PaymentAuthorized::paymentId, SagaInstance::paymentAuthorized)),
            failure(PaymentDeclined.class,      r -> PAYMENT_DECLINED))),
        // retriable
        new Step(COMMIT_RESERVATION, CommitReservation.class,  CheckoutSaga::commitReservation, Snapshot::commitDeadline,   "COMMIT_TIMEOUT",         Step.NO_CHANGE,      null,                s -> false, List.of(
            // Late (after the saga gave up on it) the stock is sold: the release of the reservation gives it back.
            success(ReservationCommitted.class, RESERVATION.moved(ReservationCommitted::reservationId, EnumSet.of(HELD, EXPIRED), SagaInstance::reservationCommitted))
                    .inTurn(CheckoutSaga::commitAfterExpiry),
            failure(ReservationExpired.class,   r -> RESERVATION_EXPIRED)
                    .recording(RESERVATION.moved(ReservationExpired::reservationId, EnumSet.of(HELD), SagaInstance::reservationExpired))
                    .late(CheckoutSaga::reservationExpired))),
        new Step(CREATE_SHIPMENT,    CreateShipment.class,     CheckoutSaga::createShipment,    Snapshot::shipmentDeadline, "SHIPMENT_TIMEOUT",       Order::complete,     null,                s -> false, List.of(
            success(ShipmentCreated.class,      null).late(CheckoutSaga::lateShipment),
            failure(ShipmentFailed.class,       r -> SHIPMENT_FAILED))));

    static final List<Compensation> COMPENSATIONS = List.of(
        //               step                 command                   built by                          deadline
        //   then its acknowledgements: type, what it records on the saga instance
        new Compensation(RELEASE_RESERVATION, ReleaseReservation.class, CheckoutSaga::releaseReservation, Snapshot::compensationDeadline, List.of(
            acknowledgement(ReservationReleased.class, RESERVATION.moved(ReservationReleased::reservationId, EnumSet.of(HELD, COMMITTED), SagaInstance::reservationReleased)))),
        new Compensation(REFUND_PAYMENT,      RefundPayment.class,      CheckoutSaga::refundPayment,      Snapshot::compensationDeadline, List.of(
            acknowledgement(PaymentRefunded.class,     PAYMENT.moved(PaymentRefunded::paymentId, EnumSet.of(PaymentStatus.AUTHORIZED), SagaInstance::paymentRefunded)))));
    // @formatter:on

    private CheckoutSaga() {}

    // --- the irregular cases -----------------------------------------------------------------------------------

    /**
     * A commit of a reservation that had already expired: inventory's confirm guard is off, and this is how the
     * oversell happens. The stock counts as sold.
     */
    private static void commitAfterExpiry(Checkout c, ReservationCommitted reply) {
        if (c.saga().reservation() == EXPIRED) {
            log.warn("order {}: inventory committed reservation {} after it expired (confirm guard off?)",
                    c.orderId(), reply.reservationId());
        }
    }

    /**
     * The reaper expired the reservation while the saga was not committing it. During payment the commit will tell
     * (inventory's guard refuses it, or commits it anyway); while releasing, an expired reservation needs no release.
     */
    private static boolean reservationExpired(Checkout c, ReservationExpired reply, SagaMoves moves) {
        if (c.saga().isAt(SagaState.RUNNING, AUTHORIZE_PAYMENT)) {
            log.info("order {}: reservation {} expired while the payment is being authorized; the commit will tell",
                    c.orderId(), reply.reservationId());
        } else {
            moves.acknowledged(c, RELEASE_RESERVATION);
        }
        return true;
    }

    /** A shipment created after the saga gave up on it: there is no CancelShipment command, an operator must stop it. */
    private static boolean lateShipment(Checkout c, ShipmentCreated reply, SagaMoves moves) {
        if (c.saga().state() == SagaState.COMPLETED) {
            return moves.ignored(c, "ShipmentCreated", "duplicate: already completed");
        }
        log.error("order {}: shipment {} created after the saga gave up on it ({}); it must be stopped by hand",
                c.orderId(), reply.shipmentId(), c.saga().state());
        return false;
    }

    // --- what the saga announces -------------------------------------------------------------------------------

    /** Told when the order is placed: the masked card, never the token, for every consumer to read. */
    static Event placed(Order o) {
        return new OrderPlaced(o.id(), o.customerId(), o.lineItems(), o.totalCents(), o.currency(),
                o.paymentCard() != null ? o.paymentCard() : o.paymentMethod());
    }

    static Event completed(Order o) {
        return new OrderCompleted(o.id(), o.customerId());
    }

    static Event cancelled(Order o) {
        return new OrderCancelled(o.id(), o.customerId(), o.reason());
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

    /** The reasons a reply or the customer cancels a checkout for: inventory's rejections, then the saga's own. */
    static List<String> cancelReasons() {
        List<String> reasons = new ArrayList<>();
        for (InventoryRejected.Reason reason : InventoryRejected.Reason.values()) {
            reasons.add(reason.name());
        }
        reasons.addAll(List.of(PAYMENT_DECLINED, CUSTOMER_CANCELLED, RESERVATION_EXPIRED, SHIPMENT_FAILED));
        return reasons;
    }
}
