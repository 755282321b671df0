package io.firedrill.order.api;

import io.firedrill.order.domain.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The {@code Retry-After} of a read of an order whose saga is still in flight (PENDING, RESERVED, PAID): the status
 * is real but not final, so the client is told when looking again is worth it instead of taking it for the outcome.
 * That is when the saga acts next without a reply, its step's deadline, within 1..5 s (an overdue step is being
 * resent: 1 s). A final order (COMPLETED, CANCELLED, COMPENSATION_FAILED), or a status this version does not know,
 * gets no hint.
 */
final class InFlightHint {

    static final long MIN_SECONDS = 1;
    static final long MAX_SECONDS = 5;

    private InFlightHint() {
    }

    /** Seconds for Retry-After, or empty when the order is final. */
    static OptionalLong retryAfterSeconds(String status, Instant stepDeadline, Instant now) {
        OrderStatus known;
        try {
            known = OrderStatus.valueOf(status);
        }
        catch (IllegalArgumentException | NullPointerException e) {
            return OptionalLong.empty();
        }
        if (known.isTerminal()) {
            return OptionalLong.empty();
        }
        if (stepDeadline == null) {
            return OptionalLong.of(MIN_SECONDS);
        }
        long untilDeadline = (Duration.between(now, stepDeadline).toMillis() + 999) / 1000; // rounded up
        return OptionalLong.of(Math.max(MIN_SECONDS, Math.min(MAX_SECONDS, untilDeadline)));
    }
}
