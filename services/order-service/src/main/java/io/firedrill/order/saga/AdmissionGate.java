package io.firedrill.order.saga;

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

    /** A place taken by one checkout; {@link #started()} or {@link #release()} it, once (later calls do nothing). */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit() {}

        /** The placing transaction committed: the place now belongs to a saga in flight. */
        public void started() {
            if (open.compareAndSet(true, false)) {
                sagas.incrementAndGet();
                placing.decrementAndGet();
            }
        }

        /** No saga came of it (failure, replay, refusal). */
        public void release() {
            if (open.compareAndSet(true, false)) {
                placing.decrementAndGet();
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

    /** True when {@link #tryAdmit(int, int)} would refuse now; takes no place. */
    public boolean isFull(int limit, int maxPlacing) {
        long now = placing.get();
        return now >= maxPlacing || now + Math.max(0, sagas.get()) >= limit;
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
