package io.firedrill.order.domain.saga;

import io.firedrill.order.domain.IllegalTransitionException;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Persisted state of one checkout saga ({@code saga_instance}): the phase, the current step with its deadline and
 * attempts, and the facts learned from the participants (reservation and payment ids and statuses). Methods refuse
 * illegal transitions; {@link #version()} guards concurrent updates.
 */
public final class SagaInstance {

    private static final int MAX_ERROR_LENGTH = 1000;

    private final UUID id;
    private final UUID orderId;
    private SagaState state;
    private SagaStep step;
    private Instant stepDeadline;
    private int attempts;
    private UUID reservationId;
    private ReservationStatus reservation;
    private UUID paymentId;
    private PaymentStatus payment;
    private String lastError;
    private final long version;
    private final Instant createdAt;
    private Instant updatedAt;

    private SagaInstance(UUID id, UUID orderId, SagaState state, SagaStep step, Instant stepDeadline, int attempts,
                         UUID reservationId, ReservationStatus reservation, UUID paymentId, PaymentStatus payment,
                         String lastError, long version, Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.orderId = Objects.requireNonNull(orderId);
        this.state = Objects.requireNonNull(state);
        this.step = step;
        this.stepDeadline = stepDeadline;
        this.attempts = attempts;
        this.reservationId = reservationId;
        this.reservation = Objects.requireNonNull(reservation);
        this.paymentId = paymentId;
        this.payment = Objects.requireNonNull(payment);
        this.lastError = lastError;
        this.version = version;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    /** A saga that has just sent the command of its first step (attempt 1). */
    public static SagaInstance start(UUID id, UUID orderId, SagaStep first, Instant deadline, Instant now) {
        if (first.isCompensation()) {
            throw new IllegalArgumentException("a saga starts with a forward step, not " + first);
        }
        return new SagaInstance(id, orderId, SagaState.RUNNING, first, deadline, 1, null, ReservationStatus.NONE,
                null, PaymentStatus.NONE, null, 0, now, now);
    }

    public static SagaInstance rehydrate(UUID id, UUID orderId, SagaState state, SagaStep step, Instant stepDeadline,
                                         int attempts, UUID reservationId, ReservationStatus reservation,
                                         UUID paymentId, PaymentStatus payment, String lastError, long version,
                                         Instant createdAt, Instant updatedAt) {
        return new SagaInstance(id, orderId, state, step, stepDeadline, attempts, reservationId, reservation,
                paymentId, payment, lastError, version, createdAt, updatedAt);
    }

    public boolean isAt(SagaState expectedState, SagaStep expectedStep) {
        return state == expectedState && step == expectedStep;
    }

    // --- phase and step -----------------------------------------------------------------------------------------

    /** The current forward step succeeded; {@code next} (a later forward step) has just been sent. */
    public void advance(SagaStep next, Instant deadline, Instant now) {
        if (state != SagaState.RUNNING || next.isCompensation() || step == null || next.ordinal() <= step.ordinal()) {
            throw illegal("advance to " + next);
        }
        moveTo(SagaState.RUNNING, next, deadline, now);
    }

    /** The step's deadline passed and its command has been sent again. */
    public void retry(Instant deadline, Instant now) {
        if (!state.inFlight()) {
            throw illegal("retry");
        }
        attempts++;
        stepDeadline = deadline;
        updatedAt = now;
    }

    /** The step's deadline passed but its command is not resent yet (no resend budget): look again at {@code deadline}. */
    public void postpone(Instant deadline, Instant now) {
        if (!state.inFlight()) {
            throw illegal("postpone");
        }
        stepDeadline = deadline;
        updatedAt = now;
    }

    /**
     * {@code compensation} has just been sent. Legal while running, between two compensations, and after the saga
     * ended CANCELLED or COMPENSATION_FAILED, when a late reply (stock reserved or money authorized after the
     * cancellation, an acknowledgement after the failure) leaves something to undo.
     */
    public void compensate(SagaStep compensation, Instant deadline, Instant now) {
        if (!compensation.isCompensation() || state == SagaState.COMPLETED) {
            throw illegal("compensate with " + compensation);
        }
        moveTo(SagaState.COMPENSATING, compensation, deadline, now);
    }

    /** The last forward step succeeded. */
    public void complete(SagaStep lastStep, Instant now) {
        if (!isAt(SagaState.RUNNING, lastStep)) {
            throw illegal("complete");
        }
        moveTo(SagaState.COMPLETED, null, null, now);
    }

    /** Nothing is left to undo (or nothing was done); also resolves a COMPENSATION_FAILED whose effects are undone. */
    public void cancel(Instant now) {
        if (!state.inFlight() && state != SagaState.COMPENSATION_FAILED) {
            throw illegal("cancel");
        }
        moveTo(SagaState.CANCELLED, null, null, now);
    }

    /** The current compensation was not acknowledged after all its attempts. */
    public void compensationFailed(String error, Instant now) {
        if (state != SagaState.COMPENSATING) {
            throw illegal("end in COMPENSATION_FAILED");
        }
        recordError(error);
        moveTo(SagaState.COMPENSATION_FAILED, null, null, now);
    }

    public void recordError(String error) {
        lastError = error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }

    private void moveTo(SagaState newState, SagaStep newStep, Instant deadline, Instant now) {
        state = newState;
        step = newStep;
        stepDeadline = deadline;
        attempts = newStep == null ? 0 : 1;
        updatedAt = now;
    }

    // --- facts learned from the participants --------------------------------------------------------------------

    public void reservationHeld(UUID newReservationId) {
        if (reservation != ReservationStatus.NONE) {
            throw illegal("record reservation " + newReservationId + " (already " + reservation + " " + reservationId + ")");
        }
        reservationId = Objects.requireNonNull(newReservationId);
        reservation = ReservationStatus.HELD;
    }

    /** HELD → COMMITTED; also EXPIRED → COMMITTED, which only happens with inventory's confirm guard off (the oversell). */
    public void reservationCommitted() {
        requireReservation(ReservationStatus.HELD, ReservationStatus.EXPIRED);
        reservation = ReservationStatus.COMMITTED;
    }

    public void reservationExpired() {
        requireReservation(ReservationStatus.HELD);
        reservation = ReservationStatus.EXPIRED;
    }

    public void reservationReleased() {
        requireReservation(ReservationStatus.HELD, ReservationStatus.COMMITTED);
        reservation = ReservationStatus.RELEASED;
    }

    public void paymentAuthorized(UUID newPaymentId) {
        if (payment != PaymentStatus.NONE) {
            throw illegal("record payment " + newPaymentId + " (already " + payment + " " + paymentId + ")");
        }
        paymentId = Objects.requireNonNull(newPaymentId);
        payment = PaymentStatus.AUTHORIZED;
    }

    public void paymentRefunded() {
        if (payment != PaymentStatus.AUTHORIZED) {
            throw illegal("record the refund (payment is " + payment + ")");
        }
        payment = PaymentStatus.REFUNDED;
    }

    private void requireReservation(ReservationStatus... allowed) {
        for (ReservationStatus s : allowed) {
            if (reservation == s) {
                return;
            }
        }
        throw illegal("change the reservation (it is " + reservation + ")");
    }

    private IllegalTransitionException illegal(String action) {
        return new IllegalTransitionException("saga of order " + orderId + " is " + state
                + (step == null ? "" : " at " + step) + ": cannot " + action);
    }

    public UUID id() { return id; }
    public UUID orderId() { return orderId; }
    public SagaState state() { return state; }
    public SagaStep step() { return step; }
    public Instant stepDeadline() { return stepDeadline; }
    public int attempts() { return attempts; }
    public UUID reservationId() { return reservationId; }
    public ReservationStatus reservation() { return reservation; }
    public UUID paymentId() { return paymentId; }
    public PaymentStatus payment() { return payment; }
    public String lastError() { return lastError; }
    public long version() { return version; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
