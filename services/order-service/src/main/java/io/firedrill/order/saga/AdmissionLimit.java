package io.firedrill.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * How many checkout sagas may be in flight so that sagas still end within a latency target (the checkout-latency
 * SLO's 2 s), learned from the sagas that end. Sagas admitted beyond what the machine completes only queue: with the
 * fixed bound of 200, 30 checkouts/s offered to a stack that completes 13/s made sagas take p50 14 s, p99 20 s, every
 * one of them accepted and late. Here the excess is refused at once (503 with Retry-After) and the admitted ones end
 * in time.
 *
 * <p>At the end of every window it looks at the sagas that ended in it:
 * <ul>
 *   <li>More than a tenth of those placed since the last decrease took longer than the target: the limit drops to
 *       what Little's law says meets the target at the rate sagas ended in the window (ended per second x target),
 *       and by at least a tenth, never below the floor.</li>
 *   <li>Some ended, none of them late: it rises by 1, up to the ceiling (additive increase: rising a tenth per window
 *       kept it swinging above what the machine completes, and at 4x the sustained rate goodput fell to 70%). Right
 *       after a decrease no saga placed under the new limit has ended yet, so it holds until they do.</li>
 *   <li>None ended and none in flight (quiet): it rises by a tenth per window passed. A burst after a quiet spell (a
 *       flash sale, whose units bound its sagas anyway) finds the room again: after one, the limit had stayed at the
 *       floor with nothing to learn from, and the next sale's buyers were refused 503 instead of sold the units.</li>
 * </ul>
 * Only sagas placed after the last decrease count against the new limit: the ones placed before were admitted under
 * the higher one, and while that queue drains their latency says nothing about the new limit (counting them kept
 * cutting it down to the floor). The ceiling is the runtime setting {@code maxSagasInFlight}; the floor keeps a
 * fault that slows every saga (a slow payment provider) from being answered with refusals of nearly every buyer:
 * shedding load does not make a slow dependency faster.
 *
 * <p>No thread: a window is closed by the first call after its end. Reading the limit takes no lock.
 */
public final class AdmissionLimit {

    /** Share of late sagas in a window that makes the limit drop (the p90 is over the target). */
    static final double LATE_SHARE = 0.1;
    static final double STEP = 0.1;

    private final Clock clock;
    private final Supplier<Duration> target;
    private final int floor;
    private final Duration window;

    private volatile int limit;
    private volatile long windowEndsAtMillis;
    private long ended;
    private long late;
    private Instant lastDecrease = Instant.EPOCH;
    private Instant windowStart;

    /**
     * @param target  saga latency (POST to its end) to keep, read at every use (a runtime setting); {@link Duration#ZERO}
     *                turns adaptation off, leaving the ceiling alone as the bound
     * @param floor   the limit never drops below this (nor rises above the ceiling)
     * @param initial the limit before the first window
     * @param window  how often the limit moves
     */
    public AdmissionLimit(Clock clock, Supplier<Duration> target, int floor, int initial, Duration window) {
        if (floor < 1 || initial < floor) {
            throw new IllegalArgumentException("need 1 <= floor (" + floor + ") <= initial (" + initial + ")");
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be > 0, got " + window);
        }
        this.clock = clock;
        this.target = target;
        this.floor = floor;
        this.window = window;
        this.limit = initial;
        this.windowStart = clock.instant();
        this.windowEndsAtMillis = windowStart.plus(window).toEpochMilli();
    }

    public boolean adaptive() {
        return !target.get().isZero();
    }

    /**
     * The bound on sagas in flight now: the learned limit within the floor and {@code ceiling}.
     *
     * @param inFlight sagas in flight (and being placed) now: none, and none ended, is a quiet window
     */
    public int limit(int ceiling, long inFlight) {
        if (!adaptive()) {
            return ceiling;
        }
        closeWindowIfDue(ceiling, inFlight);
        return Math.min(ceiling, limit);
    }

    /** The learned limit, before the ceiling is applied (a gauge). */
    public int learned() {
        return limit;
    }

    /** A saga placed at {@code placedAt} ended (any outcome) after {@code took}. */
    public synchronized void sagaEnded(Instant placedAt, Duration took) {
        Duration goal = target.get();
        if (goal.isZero() || placedAt.isBefore(lastDecrease)) {
            return;
        }
        ended++;
        if (took.compareTo(goal) > 0) {
            late++;
        }
    }

    private void closeWindowIfDue(int ceiling, long inFlight) {
        if (clock.millis() < windowEndsAtMillis) {
            return;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (now.toEpochMilli() < windowEndsAtMillis) {
                return;
            }
            double seconds = Math.max(0.001, Duration.between(windowStart, now).toMillis() / 1000.0);
            int current = Math.min(limit, ceiling);
            if (ended > 0 && late > LATE_SHARE * ended) {
                double meetsTarget = ended / seconds * target.get().toMillis() / 1000.0;
                int lower = (int) Math.min(meetsTarget, current * (1 - STEP));
                limit = Math.max(floor, lower);
                lastDecrease = now;
            } else if (ended > 0 && late == 0) {
                limit = Math.max(floor, Math.min(ceiling, current + 1));
            } else if (ended == 0 && inFlight == 0) {
                // Quiet: a tenth for every window that passed, so the room comes back while nothing runs.
                double rise = Math.pow(1 + STEP, Math.max(1, seconds * 1000 / window.toMillis()));
                limit = (int) Math.max(floor, Math.min(ceiling, Math.ceil(current * rise)));
            }
            ended = 0;
            late = 0;
            windowStart = now;
            windowEndsAtMillis = now.plus(window).toEpochMilli();
        }
    }
}
