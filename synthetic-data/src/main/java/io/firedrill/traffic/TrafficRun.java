package io.firedrill.traffic;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A run in progress, as returned by {@link TrafficRunner#start}. Closing it stops scheduling and waits for the result. */
public interface TrafficRun extends AutoCloseable {

    String runId();

    /** Figures as of the last full second. */
    LiveSnapshot snapshot();

    /** Puts a labelled instant on the timeline and charts (e.g. "fault injected: replica stopped"). */
    void mark(String label);

    /** Stops sending new requests; in-flight ones and tracked checkouts finish within their timeouts. */
    void stop();

    /** Completes with the evaluated result (thresholds, verdict, exit code) once the run has drained. */
    CompletableFuture<TrafficResult> result();

    /** Port of the Prometheus exposition, or -1 when off. */
    int metricsPort();

    default TrafficResult await(Duration timeout) {
        try {
            return result().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new TrafficException("traffic run failed: " + cause, cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TrafficException("traffic run did not finish within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrafficException("interrupted while waiting for the traffic run");
        }
    }

    @Override
    default void close() {
        stop();
        result().join();
    }
}
