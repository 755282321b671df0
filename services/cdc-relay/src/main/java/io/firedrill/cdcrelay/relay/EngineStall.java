package io.firedrill.cdcrelay.relay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stall fault (chaos lever {@code engineStall}): the batch handling of one engine run hangs, the way a stuck
 * engine's does (a deadlocked converter, a read that never times out). The run keeps its binlog connection and
 * looks alive (streaming, ready), but hands nothing on: no change and no heartbeat is relayed while the binlog goes
 * on.
 *
 * <p>The fault belongs to the engine run it was injected into, as a real stuck engine's state does: a restarted
 * engine is a new run and is not stalled. A held batch leaves the hang when the stall is released (it then proceeds
 * as if it had only been slow) or when its run is abandoned (the watchdog, a restart or a stop replaces the run: the
 * batch leaves unmarked, for the next run to deliver).
 */
final class EngineStall {

    private static final long NONE = 0;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long stalledRun = NONE;
    private long abandonedRun = NONE;

    /** Engine run {@code run} (numbered from 1) hangs from its next batch on. */
    void stall(long run) {
        lock.lock();
        try {
            stalledRun = run;
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    /** Lifts the stall; a held batch proceeds. True if a run was stalled. */
    boolean release() {
        lock.lock();
        try {
            boolean was = stalledRun != NONE;
            stalledRun = NONE;
            changed.signalAll();
            return was;
        }
        finally {
            lock.unlock();
        }
    }

    /** Run {@code run} is being replaced: its held batch, and every later one, leaves without being published. */
    void abandon(long run) {
        lock.lock();
        try {
            abandonedRun = Math.max(abandonedRun, run);
            if (stalledRun != NONE && stalledRun <= run) {
                stalledRun = NONE; // the stuck engine is gone with its run
            }
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    boolean abandoned(long run) {
        lock.lock();
        try {
            return abandonedRun >= run;
        }
        finally {
            lock.unlock();
        }
    }

    boolean stalled(long run) {
        lock.lock();
        try {
            return stalledRun == run;
        }
        finally {
            lock.unlock();
        }
    }

    /** What a batch does once, before it is held (runs under the stall's lock, so a stall cannot slip in between). */
    @FunctionalInterface
    interface BeforeHold {
        void run() throws InterruptedException;
    }

    /**
     * A batch of engine run {@code run} passes here before it is published: it waits while that run is stalled,
     * after {@code beforeHold}. True to publish it; false if the run was abandoned (leave the batch unmarked).
     */
    boolean pass(long run, BeforeHold beforeHold) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            boolean held = false;
            while (stalledRun == run && abandonedRun < run) {
                if (!held) {
                    held = true;
                    beforeHold.run();
                }
                changed.await(200, TimeUnit.MILLISECONDS);
            }
            return abandonedRun < run;
        }
        finally {
            lock.unlock();
        }
    }
}
