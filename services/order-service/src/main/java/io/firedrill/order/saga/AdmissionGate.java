package io.firedrill.order.saga;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on checkout sagas in flight, kept in memory so that refusing costs no query. A checkout takes a
 * {@link Permit} before any work; the permit becomes a saga in flight once the placing transaction commits, and is
 * given back if the checkout fails or turns out to be a replay. A saga leaves the count when it reaches a terminal
 * state. The count is set to the database's own count whenever that is read ({@link #resync}), so a crash, a second
 * instance or a lost update cannot make it drift for longer than one refresh.
 *
 * <p>Lock-free: two requests racing for the last place may both be refused for an instant, never both admitted past it.
 */
public final class AdmissionGate {

    private final AtomicLong placing = new AtomicLong();
    private final AtomicLong sagas = new AtomicLong();
    /** Notified whenever a placing slot is given back; waiters also wake every {@link #RECHECK_MS} on their own. */
    private final Object placingSlotFreed = new Object();
    private static final long RECHECK_MS = 50;

    /** A place taken by one checkout; {@link #started()} or {@link #release()} it, once (later calls do nothing). */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit() {}

        /** The placing transaction committed: the place now belongs to a saga in flight. */
        public void started() {
            if (open.compareAndSet(true, false)) {
                sagas.incrementAndGet();
                placing.decrementAndGet();
                placingSlotFreed();
            }
        }

        /** No saga came of it (failure, replay, refusal). */
        public void release() {
            if (open.compareAndSet(true, false)) {
                placing.decrementAndGet();
                placingSlotFreed();
            }
        }

        /** Releases the place unless {@link #started()} was called. */
        @Override
        public void close() {
            release();
        }
    }

    /** @return a permit, or null when {@code limit} sagas are already in flight or being placed */
    public Permit tryAdmit(int limit) {
        return tryAdmit(limit, Integer.MAX_VALUE);
    }

    /**
     * @return a permit, or null when {@code limit} sagas are already in flight or being placed, or {@code maxPlacing}
     *         checkouts are being placed right now
     */
    public Permit tryAdmit(int limit, int maxPlacing) {
        long taken = placing.incrementAndGet();
        if (taken > maxPlacing || taken + Math.max(0, sagas.get()) > limit) {
            placing.decrementAndGet();
            return null;
        }
        return new Permit();
    }

    /**
     * Like {@link #tryAdmit(int, int)}, but when only the placing slots are taken (sagas in flight are below
     * {@code limit}) it waits up to {@code wait} for one: placing takes milliseconds to a second, and a checkout
     * that waits for it costs the buyer less than a 503, after which Tomcat closes the connection and the buyer
     * opens a new one (in a flash sale those reconnections were most of the machine's CPU). The saga bound refuses
     * at once: sagas take seconds to end.
     *
     * @return a permit, or null when the saga bound is reached or no placing slot freed within {@code wait}
     */
    public Permit admit(int limit, int maxPlacing, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long taken = placing.incrementAndGet();
            if (taken + Math.max(0, sagas.get()) > limit) {
                placing.decrementAndGet();
                return null;
            }
            if (taken <= maxPlacing) {
                return new Permit();
            }
            placing.decrementAndGet();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            synchronized (placingSlotFreed) {
                placingSlotFreed.wait(Math.max(1, Math.min(RECHECK_MS, left / 1_000_000)));
            }
        }
    }

    private void placingSlotFreed() {
        synchronized (placingSlotFreed) {
            placingSlotFreed.notify();
        }
    }

    /** True when the saga bound alone would refuse now (placing slots aside); takes no place. */
    public boolean sagaBoundReached(int limit) {
        return placing.get() + Math.max(0, sagas.get()) >= limit;
    }

    /** A saga reached a terminal state (after its transaction committed). */
    public void sagaEnded() {
        sagas.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** A saga that had ended is compensating again (a late reply left something to undo). */
    public void sagaResumed() {
        sagas.incrementAndGet();
    }

    /** The database's count of sagas in flight, read just now. */
    public void resync(long inDatabase) {
        sagas.set(Math.max(0, inDatabase));
    }

    /** Sagas in flight plus checkouts being placed, as the gate counts them. */
    public long inFlight() {
        return Math.max(0, sagas.get()) + placing.get();
    }
}
