package io.firedrill.cdcrelay.relay;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.firedrill.cdcrelay.RelayProperties;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Debezium engine instance, run on the relay's engine thread. Engines are single-use: the {@link OutboxRelay}
 * replaces a failed one by a new run.
 */
final class EngineRun implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(EngineRun.class);

    private final String relayName;
    private final CountDownLatch done = new CountDownLatch(1);
    private final DebeziumEngine<RecordChangeEvent<SourceRecord>> debezium;
    private boolean started;
    private boolean closed;

    /**
     * @param batches  takes each batch of change events, in binlog order
     * @param finished told when the engine ended, with Debezium's message and error (null after a clean end)
     */
    EngineRun(RelayProperties props, DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> batches,
              BiConsumer<String, Throwable> finished) {
        this.relayName = props.name();
        this.debezium = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(EngineSettings.debezium(props))
                .using((boolean success, String message, Throwable error) -> {
                    try {
                        finished.accept(message, error);
                    }
                    finally {
                        done.countDown();
                    }
                })
                .notifying(batches)
                .build();
    }

    @Override
    public void run() {
        synchronized (this) {
            if (closed) {
                return;
            }
            started = true;
        }
        debezium.run();
    }

    /**
     * Asks the engine to stop, which commits the offsets of every record marked processed. An engine that never ran
     * never will. Debezium refuses to stop tasks that are starting: that is retried until {@code deadlineNanos}.
     */
    void close(long deadlineNanos) throws InterruptedException {
        synchronized (this) {
            if (!started) {
                closed = true;
                done.countDown();
                return;
            }
        }
        while (done.getCount() > 0) {
            try {
                debezium.close();
                return;
            }
            catch (IllegalStateException e) {
                // Tasks that are starting cannot be stopped safely yet; a stopping/stopped engine needs nothing.
                String reason = String.valueOf(e.getMessage());
                if (!reason.contains("starting") || System.nanoTime() > deadlineNanos) {
                    return;
                }
                done.await(50, TimeUnit.MILLISECONDS);
            }
            catch (IOException | RuntimeException e) {
                log.warn("cdc-relay {}: closing the engine failed", relayName, e);
                return;
            }
        }
    }

    /** True once the engine ended (or was closed before it ran) within {@code timeoutNanos}. */
    boolean awaitDone(long timeoutNanos) throws InterruptedException {
        return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }
}
