package io.firedrill.cdcrelay.relay;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where engine batches wait: one batch at a time passes, a batch is held while the relay is paused (the admin lever),
 * and once the relay stops every batch is turned away, so a stop can wait for the batch in flight and no more.
 */
final class BatchGate {

    private static final Logger log = LoggerFactory.getLogger(BatchGate.class);

    private final String relayName;
    private final ReentrantLock batchLock = new ReentrantLock();
    private final Condition resumed = batchLock.newCondition();
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    private volatile boolean paused;
    private volatile boolean stopped;

    BatchGate(String relayName) {
        this.relayName = relayName;
    }

    /** Stops relaying after the batch in flight (at most one batch more is published). Idempotent. */
    void pause() {
        if (!paused) {
            paused = true;
            log.warn("cdc-relay {} paused by request: events stay in the binlog until resumed", relayName);
        }
    }

    /** Never blocks: a paused batch waits on the condition (lock released) and also re-checks every 200 ms. */
    void resume() {
        if (paused) {
            paused = false;
            log.warn("cdc-relay {} resumed", relayName);
        }
        if (batchLock.tryLock()) {
            try {
                resumed.signalAll();
            }
            finally {
                batchLock.unlock();
            }
        }
    }

    boolean paused() {
        return paused;
    }

    boolean stopped() {
        return stopped;
    }

    /** Takes the gate for one batch; {@link #leave()} in a finally. */
    void enter() throws InterruptedException {
        batchLock.lockInterruptibly();
    }

    void leave() {
        batchLock.unlock();
    }

    /** Inside the gate: waits while paused; true to go on, false once the relay stops (leave the batch unmarked). */
    boolean awaitOpen() throws InterruptedException {
        while (paused && !stopped) {
            resumed.await(200, TimeUnit.MILLISECONDS);
        }
        return !stopped;
    }

    /** Sleeps {@code backoff} before a retry; true if the relay stopped meanwhile (give up the batch). */
    boolean stopDuring(Duration backoff) throws InterruptedException {
        return stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Turns every batch away from now on: a held batch wakes up and a retrying one gives up, both leaving their
     * records unmarked. Waits up to {@code timeout} for the batch in flight to leave (abandoned if Kafka is down).
     */
    void stop(Duration timeout) throws InterruptedException {
        stopped = true;
        stopSignal.countDown();
        if (batchLock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            try {
                resumed.signalAll(); // a paused batch wakes up, sees the stop, and leaves its records unmarked
            }
            finally {
                batchLock.unlock();
            }
        }
        else {
            log.warn("cdc-relay {}: the batch in flight did not finish within {}; stopping anyway", relayName, timeout);
        }
    }
}
