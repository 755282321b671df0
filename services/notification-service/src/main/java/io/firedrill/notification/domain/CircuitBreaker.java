package io.firedrill.notification.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A provider circuit breaker for one channel: after {@code failureThreshold} consecutive failures it opens and
 * refuses calls for {@code openFor}; then it lets one trial call through (half-open), which closes it on success
 * or opens it again on failure. While it is open, deliveries are deferred instead of burning attempts and consumer
 * time on a provider that is down. Thread-safe.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final Duration openFor;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openUntil;
    private boolean trialInFlight;

    /** {@code failureThreshold} 0 disables the breaker (every call allowed). */
    public CircuitBreaker(int failureThreshold, Duration openFor) {
        if (failureThreshold < 0) {
            throw new IllegalArgumentException("failure threshold must be >= 0, got " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
    }

    /** Whether a call may go to the provider now; a true answer in half-open state reserves the single trial. */
    public synchronized boolean tryAcquire(Instant now) {
        if (failureThreshold == 0) {
            return true;
        }
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (now.isBefore(openUntil)) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            default: // HALF_OPEN
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    public synchronized void onFailure(Instant now) {
        trialInFlight = false;
        consecutiveFailures++;
        if (failureThreshold > 0 && (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold)) {
            state = State.OPEN;
            openUntil = now.plus(openFor);
        }
    }

    public synchronized State state(Instant now) {
        if (state == State.OPEN && !now.isBefore(openUntil)) {
            return State.HALF_OPEN; // the next call is the trial
        }
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
