package io.firedrill.order.saga;

import static io.firedrill.order.saga.SagaStep.AUTHORIZE_PAYMENT;
import static io.firedrill.order.saga.SagaStep.COMMIT_RESERVATION;
import static io.firedrill.order.saga.SagaStep.CREATE_SHIPMENT;
import static io.firedrill.order.saga.SagaStep.REFUND_PAYMENT;
import static io.firedrill.order.saga.SagaStep.RELEASE_RESERVATION;
import static io.firedrill.order.saga.SagaStep.RESERVE_INVENTORY;

import io.firedrill.contracts.commands.Command;
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
import io.firedrill.messaging.Inbound;
import io.firedrill.messaging.OutboxWriter;
import io.firedrill.order.admin.OrderSettings;
import io.firedrill.order.domain.Order;
import io.firedrill.order.domain.OrderStatus;
import io.firedrill.order.persistence.OrderRepository;
import io.firedrill.order.persistence.SagaRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies {@link CheckoutSaga} to one checkout at a time: starts it, moves it on each participant reply, times out
 * overdue steps for the sweeper, cancels it on request. Every entry point locks the saga row first and runs inside
 * the caller's transaction (the dispatcher's for replies), so the state change and the commands it sends through
 * the outbox commit together.
 *
 * <p>A reply that does not fit the saga's state is never an exception (that would dead-letter valid traffic): a
 * duplicate or stale reply is logged with the order id and ignored; a late one whose effect is still held (stock
 * reserved or money authorized after a timeout or a cancellation) is recorded and compensated.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class CheckoutSagaManager {

    private static final Logger log = LoggerFactory.getLogger(CheckoutSagaManager.class);

    /** Cancel reasons the saga sets itself; participants' failure reasons are passed through. */
    public static final String CUSTOMER_CANCELLED = "CUSTOMER_CANCELLED";
    public static final String PAYMENT_DECLINED = "PAYMENT_DECLINED";
    public static final String RESERVATION_EXPIRED = "RESERVATION_EXPIRED";
    public static final String SHIPMENT_FAILED = "SHIPMENT_FAILED";

    private final OrderRepository orders;
    private final SagaRepository sagas;
    private final OutboxWriter outbox;
    private final OrderSettings settings;
    private final SagaMetrics metrics;
    private final AdmissionGate admission;
    private final ResendBudget resends;
    private final Clock clock;

    public CheckoutSagaManager(OrderRepository orders, SagaRepository sagas, OutboxWriter outbox, OrderSettings settings,
                               SagaMetrics metrics, AdmissionGate admission, ResendBudget resends, Clock clock) {
        this.orders = orders;
        this.sagas = sagas;
        this.outbox = outbox;
        this.settings = settings;
        this.metrics = metrics;
        this.admission = admission;
        this.resends = resends;
        this.clock = clock;
    }

    /** One checkout being worked on: the locked saga, its order and the settings of this decision. */
    private final class Checkout {
        final Order order;
        final SagaInstance saga;
        final OrderSettings.Snapshot settings;
        final Instant now;
        final OrderStatus statusBefore;
        final String reasonBefore;
        final boolean inFlightBefore;

        Checkout(Order order, SagaInstance saga) {
            this.order = order;
            this.saga = saga;
            this.settings = CheckoutSagaManager.this.settings.current();
            this.now = clock.instant();
            this.statusBefore = order.status();
            this.reasonBefore = order.reason();
            this.inFlightBefore = saga.state().inFlight();
        }

        UUID orderId() {
            return order.id();
        }

        boolean orderChanged() {
            return order.status() != statusBefore || !Objects.equals(order.reason(), reasonBefore);
        }
    }

    @FunctionalInterface
    private interface Transition {
        /** @return false when the reply was ignored and nothing must be written */
        boolean apply(Checkout checkout);
    }

    // --- start ----------------------------------------------------------------------------------------------------

    /** Starts the saga of a just-inserted order: OrderPlaced, then the first step's command, in the caller's transaction. */
    public SagaInstance start(Order order) {
        OrderSettings.Snapshot s = settings.current();
        Instant now = clock.instant();
        SagaStep first = CheckoutSaga.firstStep();
        SagaInstance saga = SagaInstance.start(UUID.randomUUID(), order.id(), first,
                now.plus(CheckoutSaga.deadline(first, s)), now);
        sagas.insert(saga);
        outbox.append(new OrderPlaced(order.id(), order.customerId(), order.lineItems(), order.totalCents(),
                order.currency(), order.paymentCard() != null ? order.paymentCard() : order.paymentMethod()), order.tenantRegion());
        outbox.append(CheckoutSaga.command(first, new CheckoutSaga.Data(order, saga, s)), order.tenantRegion());
        // The admission gate counts this saga once the caller's transaction commits (CheckoutService's permit).
        resends.firstSent();
        return saga;
    }

    // --- replies --------------------------------------------------------------------------------------------------

    public void onInventoryReserved(InventoryReserved reply, Inbound inbound) {
        withSaga(reply.orderId(), "InventoryReserved", c -> {
            if (c.saga.isAt(SagaState.RUNNING, RESERVE_INVENTORY)) {
                c.saga.reservationHeld(reply.reservationId());
                c.order.markReserved(c.now);
                advance(c, AUTHORIZE_PAYMENT);
                return true;
            }
            if (reply.reservationId().equals(c.saga.reservationId())) {
                return ignored(c, "InventoryReserved", "duplicate: reservation " + reply.reservationId() + " already recorded");
            }
            if (c.saga.reservation() != ReservationStatus.NONE) {
                log.error("InventoryReserved {} for order {} but reservation {} is already recorded: a participant bug, ignored",
                        reply.reservationId(), c.orderId(), c.saga.reservationId());
                return false;
            }
            c.saga.reservationHeld(reply.reservationId());
            compensateLate(c, "InventoryReserved " + reply.reservationId());
            return true;
        });
    }

    public void onInventoryRejected(InventoryRejected reply, Inbound inbound) {
        withSaga(reply.orderId(), "InventoryRejected", c -> {
            if (!c.saga.isAt(SagaState.RUNNING, RESERVE_INVENTORY)) {
                return ignored(c, "InventoryRejected", "stale: not reserving");
            }
            beginCompensation(c, reply.reason().name());
            return true;
        });
    }

    public void onPaymentAuthorized(PaymentAuthorized reply, Inbound inbound) {
        withSaga(reply.orderId(), "PaymentAuthorized", c -> {
            if (c.saga.isAt(SagaState.RUNNING, AUTHORIZE_PAYMENT)) {
                c.saga.paymentAuthorized(reply.paymentId());
                c.order.markPaid(c.now);
                // Sent even when the reaper already expired the reservation: inventory's confirm guard decides, and
                // with the guard off this is exactly how the oversell incident happens.
                advance(c, COMMIT_RESERVATION);
                return true;
            }
            if (reply.paymentId().equals(c.saga.paymentId())) {
                return ignored(c, "PaymentAuthorized", "duplicate: payment " + reply.paymentId() + " already recorded");
            }
            if (c.saga.payment() != PaymentStatus.NONE) {
                log.error("PaymentAuthorized {} for order {} but payment {} is already recorded: a participant bug, ignored",
                        reply.paymentId(), c.orderId(), c.saga.paymentId());
                return false;
            }
            c.saga.paymentAuthorized(reply.paymentId());
            compensateLate(c, "PaymentAuthorized " + reply.paymentId());
            return true;
        });
    }

    public void onPaymentDeclined(PaymentDeclined reply, Inbound inbound) {
        withSaga(reply.orderId(), "PaymentDeclined", c -> {
            if (!c.saga.isAt(SagaState.RUNNING, AUTHORIZE_PAYMENT)) {
                return ignored(c, "PaymentDeclined", "stale: not authorizing");
            }
            log.info("payment declined for order {}: {}", c.orderId(), reply.reason());
            beginCompensation(c, PAYMENT_DECLINED);
            return true;
        });
    }

    public void onReservationCommitted(ReservationCommitted reply, Inbound inbound) {
        withSaga(reply.orderId(), "ReservationCommitted", c -> {
            if (!reply.reservationId().equals(c.saga.reservationId())) {
                return ignored(c, "ReservationCommitted", "unknown reservation " + reply.reservationId());
            }
            if (c.saga.isAt(SagaState.RUNNING, COMMIT_RESERVATION)) {
                if (c.saga.reservation() == ReservationStatus.EXPIRED) {
                    log.warn("order {}: inventory committed reservation {} after it expired (confirm guard off?)",
                            c.orderId(), reply.reservationId());
                }
                c.saga.reservationCommitted();
                advance(c, CREATE_SHIPMENT);
                return true;
            }
            if (c.saga.reservation() == ReservationStatus.HELD || c.saga.reservation() == ReservationStatus.EXPIRED) {
                // A commit that arrives after the saga gave up on it: the stock is sold, so it must be given back.
                c.saga.reservationCommitted();
                compensateLate(c, "ReservationCommitted " + reply.reservationId());
                return true;
            }
            return ignored(c, "ReservationCommitted", "duplicate: reservation is " + c.saga.reservation());
        });
    }

    public void onReservationExpired(ReservationExpired reply, Inbound inbound) {
        withSaga(reply.orderId(), "ReservationExpired", c -> {
            if (!reply.reservationId().equals(c.saga.reservationId())) {
                return ignored(c, "ReservationExpired", "unknown reservation " + reply.reservationId());
            }
            if (c.saga.isAt(SagaState.RUNNING, COMMIT_RESERVATION)) {
                // The confirm guard refused the commit: the stock is gone, the money must go back.
                if (c.saga.reservation() == ReservationStatus.HELD) {
                    c.saga.reservationExpired();
                }
                beginCompensation(c, RESERVATION_EXPIRED);
                return true;
            }
            if (c.saga.reservation() != ReservationStatus.HELD) {
                return ignored(c, "ReservationExpired", "duplicate: reservation is " + c.saga.reservation());
            }
            c.saga.reservationExpired();
            if (c.saga.isAt(SagaState.RUNNING, AUTHORIZE_PAYMENT)) {
                log.info("order {}: reservation {} expired while the payment is being authorized; the commit will tell",
                        c.orderId(), reply.reservationId());
            } else {
                // Releasing it (or about to): an expired reservation needs no release any more.
                continueCompensationIfWaiting(c, RELEASE_RESERVATION);
            }
            return true;
        });
    }

    public void onReservationReleased(ReservationReleased reply, Inbound inbound) {
        withSaga(reply.orderId(), "ReservationReleased", c -> {
            if (!reply.reservationId().equals(c.saga.reservationId()) || !c.saga.reservation().needsRelease()) {
                return ignored(c, "ReservationReleased", "duplicate or unknown: reservation "
                        + c.saga.reservationId() + " is " + c.saga.reservation());
            }
            c.saga.reservationReleased();
            continueCompensationIfWaiting(c, RELEASE_RESERVATION);
            return true;
        });
    }

    public void onPaymentRefunded(PaymentRefunded reply, Inbound inbound) {
        withSaga(reply.orderId(), "PaymentRefunded", c -> {
            if (!reply.paymentId().equals(c.saga.paymentId()) || !c.saga.payment().needsRefund()) {
                return ignored(c, "PaymentRefunded", "duplicate or unknown: payment "
                        + c.saga.paymentId() + " is " + c.saga.payment());
            }
            c.saga.paymentRefunded();
            continueCompensationIfWaiting(c, REFUND_PAYMENT);
            return true;
        });
    }

    public void onShipmentCreated(ShipmentCreated reply, Inbound inbound) {
        withSaga(reply.orderId(), "ShipmentCreated", c -> {
            if (!c.saga.isAt(SagaState.RUNNING, CREATE_SHIPMENT)) {
                if (c.saga.state() != SagaState.COMPLETED) {
                    // There is no CancelShipment command in the contracts: say it loudly, an operator must stop it.
                    log.error("order {}: shipment {} created after the saga gave up on it ({}); it must be stopped by hand",
                            c.orderId(), reply.shipmentId(), c.saga.state());
                    return false;
                }
                return ignored(c, "ShipmentCreated", "duplicate: already completed");
            }
            c.order.complete(c.now);
            c.saga.complete(CheckoutSaga.lastStep(), c.now);
            outbox.append(new OrderCompleted(c.orderId(), c.order.customerId()), c.order.tenantRegion());
            metrics.checkoutEnded(c.order, "completed");
            log.info("order {} completed: shipment {} label {}", c.orderId(), reply.shipmentId(), reply.labelKey());
            return true;
        });
    }

    public void onShipmentFailed(ShipmentFailed reply, Inbound inbound) {
        withSaga(reply.orderId(), "ShipmentFailed", c -> {
            if (!c.saga.isAt(SagaState.RUNNING, CREATE_SHIPMENT)) {
                return ignored(c, "ShipmentFailed", "stale: not shipping");
            }
            log.info("shipment failed for order {}: {}", c.orderId(), reply.reason());
            beginCompensation(c, SHIPMENT_FAILED);
            return true;
        });
    }

    // --- deadlines (called by the sweeper with the saga row locked) -------------------------------------------------

    /** The current step of {@code saga} is overdue: resend its command, or give up on it. */
    public void onDeadline(SagaInstance saga) {
        Checkout c = new Checkout(orders.get(saga.orderId()), saga);
        // The sweeper's log lines carry the order's region like those of the request and of the handlers.
        try (MDC.MDCCloseable region = MDC.putCloseable("tenant_region", c.order.tenantRegion().id())) {
            onDeadline(c, saga);
        }
    }

    private void onDeadline(Checkout c, SagaInstance saga) {
        SagaStep step = saga.step();
        int max = CheckoutSaga.maxAttempts(step, c.settings);
        String command = CheckoutSaga.commandName(step);
        if (saga.attempts() < max && !resends.tryResend()) {
            // The resend budget is spent: resending now would add load to what is already slow. Look again later,
            // jittered so the deferred steps do not come back together; the attempt is not used up.
            Duration later = resends.jittered(CheckoutSaga.deadline(step, c.settings));
            log.info("order {}: {} not answered by {}, resend budget spent: deferred by {} (attempt {}/{} kept)",
                    c.orderId(), command, saga.stepDeadline(), later, saga.attempts(), max);
            saga.postpone(c.now.plus(later), c.now);
            metrics.resend(SagaMetrics.RESEND_DEFERRED);
            persist(c);
            return;
        }
        metrics.stepTimedOut(step);
        if (saga.attempts() < max) {
            // Each resend waits twice as long as the one before (capped at 8x), with jitter: when replies are slow
            // because the system is overloaded, fixed deadlines would resend more and more commands in lockstep and
            // feed the overload.
            Duration wait = resends.jittered(
                    CheckoutSaga.deadline(step, c.settings).multipliedBy(1L << Math.min(saga.attempts(), 3)));
            log.warn("order {}: {} not answered by {}, sending it again (attempt {}/{}, next deadline in {})", c.orderId(),
                    command, saga.stepDeadline(), saga.attempts() + 1, max, wait);
            resend(c, step);
            saga.retry(c.now.plus(wait), c.now);
            metrics.resend(SagaMetrics.RESEND_SENT);
        } else if (!step.isCompensation()) {
            String error = command + " not answered after " + max + " attempts";
            log.warn("order {}: {}, compensating", c.orderId(), error);
            saga.recordError(error);
            beginCompensation(c, CheckoutSaga.step(step).timeoutReason());
        } else {
            String error = command + " not acknowledged after " + max + " attempts (first deadline "
                    + CheckoutSaga.deadline(step, c.settings) + ", doubled per resend)";
            log.error("order {}: COMPENSATION_FAILED: {}; reservation {} {}, payment {} {}: an operator must act",
                    c.orderId(), error, saga.reservationId(), saga.reservation(), saga.paymentId(), saga.payment());
            saga.compensationFailed(error, c.now);
            metrics.compensationFailed(step);
            if (c.order.status() != OrderStatus.COMPENSATION_FAILED) {
                boolean firstEnd = !c.order.status().isTerminal();
                c.order.compensationFailed(c.now);
                if (firstEnd) {
                    metrics.checkoutEnded(c.order, "compensation_failed");
                }
            }
        }
        persist(c);
    }

    // --- cancel (API) ---------------------------------------------------------------------------------------------

    /** What a cancel request did. */
    public sealed interface CancelOutcome {
        record Accepted(OrderStatus status) implements CancelOutcome {}
        record NotFound() implements CancelOutcome {}
        record Refused(OrderStatus status, SagaState state, SagaStep step) implements CancelOutcome {}
    }

    /**
     * Cancels the checkout if the payment is not authorized yet: before that, undoing means releasing the
     * reservation (if any). A payment authorized concurrently arrives as a late reply and is refunded.
     */
    public CancelOutcome cancel(UUID orderId) {
        Optional<SagaInstance> locked = sagas.lockByOrderId(orderId);
        if (locked.isEmpty()) {
            return new CancelOutcome.NotFound();
        }
        Checkout c = new Checkout(orders.get(orderId), locked.get());
        if (c.saga.isAt(SagaState.RUNNING, RESERVE_INVENTORY) || c.saga.isAt(SagaState.RUNNING, AUTHORIZE_PAYMENT)) {
            log.info("order {} cancelled by the customer at {}", orderId, c.saga.step());
            beginCompensation(c, CUSTOMER_CANCELLED);
            persist(c);
            return new CancelOutcome.Accepted(c.order.status());
        }
        boolean alreadyCancelledByCustomer = CUSTOMER_CANCELLED.equals(c.order.reason())
                && (c.saga.state() == SagaState.COMPENSATING || c.saga.state() == SagaState.CANCELLED);
        if (alreadyCancelledByCustomer) {
            return new CancelOutcome.Accepted(c.order.status());
        }
        return new CancelOutcome.Refused(c.order.status(), c.saga.state(), c.saga.step());
    }

    // --- the moves ------------------------------------------------------------------------------------------------

    private void withSaga(UUID orderId, String reply, Transition transition) {
        Optional<SagaRepository.Checkout> locked = sagas.lockCheckout(orderId);
        if (locked.isEmpty()) {
            log.warn("{} for unknown order {}: ignored", reply, orderId);
            return;
        }
        Checkout c = new Checkout(locked.get().order(), locked.get().saga());
        if (transition.apply(c)) {
            persist(c);
        }
    }

    private void persist(Checkout c) {
        sagas.update(c.saga);
        if (c.orderChanged()) {
            orders.update(c.order);
        }
        boolean inFlight = c.saga.state().inFlight();
        if (inFlight != c.inFlightBefore) {
            AfterCommit.run(inFlight ? admission::sagaResumed : admission::sagaEnded);
        }
    }

    private boolean ignored(Checkout c, String reply, String why) {
        log.info("{} ignored for order {}: saga {}{} ({})", reply, c.orderId(), c.saga.state(),
                c.saga.step() == null ? "" : " at " + c.saga.step(), why);
        return false;
    }

    private void advance(Checkout c, SagaStep next) {
        send(c, next);
        c.saga.advance(next, c.now.plus(CheckoutSaga.deadline(next, c.settings)), c.now);
    }

    /** The first send of {@code step}'s command: it earns the resend budget its share. */
    private void send(Checkout c, SagaStep step) {
        resend(c, step);
        resends.firstSent();
    }

    private void resend(Checkout c, SagaStep step) {
        Command command = CheckoutSaga.command(step, new CheckoutSaga.Data(c.order, c.saga, c.settings));
        outbox.append(command, c.order.tenantRegion());
    }

    /** The forward path stopped for {@code reason}: undo what is held, then cancel. */
    private void beginCompensation(Checkout c, String reason) {
        c.order.compensating(reason, c.now);
        continueCompensation(c);
    }

    /** A compensation was acknowledged (or made moot): go on, unless the saga is busy with another compensation. */
    private void continueCompensationIfWaiting(Checkout c, SagaStep acknowledged) {
        boolean waitingForThis = c.saga.isAt(SagaState.COMPENSATING, acknowledged);
        if (waitingForThis || c.saga.state() == SagaState.COMPENSATION_FAILED) {
            continueCompensation(c);
        } else {
            log.info("order {}: {} acknowledged outside its compensation (saga {}{}), recorded", c.orderId(), acknowledged,
                    c.saga.state(), c.saga.step() == null ? "" : " at " + c.saga.step());
        }
    }

    /** A reply came after the saga moved on, and what it holds must be undone. */
    private void compensateLate(Checkout c, String what) {
        switch (c.saga.state()) {
            case COMPENSATING -> log.warn("order {}: late {} during compensation, undone after {}", c.orderId(), what,
                    c.saga.step());
            case CANCELLED, COMPENSATION_FAILED -> {
                log.warn("order {}: late {} after the saga ended {}, compensating it", c.orderId(), what, c.saga.state());
                continueCompensation(c);
            }
            default -> log.error("order {}: late {} while {} at {}: not expected, recorded", c.orderId(), what,
                    c.saga.state(), c.saga.step());
        }
    }

    /** Sends the next compensation the table asks for; when nothing is held any more, the saga ends CANCELLED. */
    private void continueCompensation(Checkout c) {
        Optional<SagaStep> next = CheckoutSaga.nextCompensation(c.saga);
        if (next.isPresent()) {
            send(c, next.get());
            c.saga.compensate(next.get(), c.now.plus(CheckoutSaga.deadline(next.get(), c.settings)), c.now);
            return;
        }
        if (c.saga.state() == SagaState.CANCELLED) {
            return;
        }
        boolean wasFailed = c.saga.state() == SagaState.COMPENSATION_FAILED;
        c.saga.cancel(c.now);
        switch (c.order.status()) {
            case PENDING, RESERVED, PAID -> {
                c.order.cancel(c.order.reason(), c.now);
                outbox.append(new OrderCancelled(c.orderId(), c.order.customerId(), c.order.reason()), c.order.tenantRegion());
                metrics.checkoutEnded(c.order, "cancelled");
                log.info("order {} cancelled: {}", c.orderId(), c.order.reason());
            }
            case COMPENSATION_FAILED -> {
                // Late acknowledgements undid everything after all: the failure is resolved.
                c.order.resolveCompensationFailure(c.now);
                outbox.append(new OrderCancelled(c.orderId(), c.order.customerId(), c.order.reason()), c.order.tenantRegion());
                log.warn("order {}: every compensation is acknowledged at last, COMPENSATION_FAILED resolved to CANCELLED",
                        c.orderId());
            }
            case CANCELLED -> log.info("order {}: late compensation done{}", c.orderId(), wasFailed ? " after a failure" : "");
            case COMPLETED -> log.error("order {} is COMPLETED but its saga compensated", c.orderId());
        }
    }
}
