package io.firedrill.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How many of the sweeper's resends may go out, and when an overdue step is looked at again: a backlog of overdue
 * steps must never feed itself (when replies are slow because the system is overloaded, resending everything adds
 * load and makes more replies late). A token bucket: every first send of a saga command earns {@code ratio} of a
 * resend, the bucket also fills by {@code floorPerSecond} (so a quiet shop still resends), and it holds at most
 * {@code burst}. Waits get a random factor in [0.5, 1.5) so that steps that timed out together do not come back
 * together. Thread-safe; the lock is held for a few arithmetic operations.
 */
public final class ResendBudget {

    private final double ratio;
    private final double floorPerSecond;
    private final double burst;
    private final Clock clock;
    private final DoubleSupplier random;
    private double tokens;
    private long lastMillis;

    public ResendBudget(double ratio, double floorPerSecond, int burst, Clock clock) {
        this(ratio, floorPerSecond, burst, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1) */
    ResendBudget(double ratio, double floorPerSecond, int burst, Clock clock, DoubleSupplier random) {
        if (ratio < 0 || floorPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("resend budget needs ratio >= 0, floor > 0, burst >= 1; got " + ratio
                    + ", " + floorPerSecond + ", " + burst);
        }
        this.ratio = ratio;
        this.floorPerSecond = floorPerSecond;
        this.burst = burst;
        this.clock = clock;
        this.random = random;
        this.tokens = burst;
        this.lastMillis = clock.millis();
    }

    /** A saga command went out for the first time: it earns {@code ratio} of a resend. */
    public synchronized void firstSent() {
        refill();
        tokens = Math.min(burst, tokens + ratio);
    }

    /** @return true, spending one token, when a resend may go out now; false when it must wait */
    public synchronized boolean tryResend() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** {@code wait} times a random factor in [0.5, 1.5), at least a millisecond. */
    public Duration jittered(Duration wait) {
        double factor = 0.5 + random.getAsDouble();
        return Duration.ofMillis(Math.max(1, Math.round(wait.toMillis() * factor)));
    }

    /** Tokens available now (for tests and logs). */
    synchronized double available() {
        refill();
        return tokens;
    }

    private void refill() {
        long now = clock.millis();
        if (now > lastMillis) {
            tokens = Math.min(burst, tokens + (now - lastMillis) / 1000.0 * floorPerSecond);
            lastMillis = now;
        }
    }
}
