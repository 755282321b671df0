package io.firedrill.cdcrelay.relay;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.firedrill.cdcrelay.RelayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay, and the supervisor of its Debezium embedded engine: the engine ({@link EngineRun}) reads the outbox tables
 * from the binlog and hands each batch to an {@link OutboxBatchPublisher}, which publishes it to Kafka at least once.
 *
 * <p>This class keeps that engine alive and answers for it: start, graceful stop (offsets committed after the batch
 * in flight), restart with backoff after a failure, a watchdog for a binlog stream that died silently, the pause
 * lever (held by the {@link BatchGate}) and the status that health and the admin endpoint show. Offsets are committed
 * after every batch ({@code offset-flush-interval} 0) and again on a graceful stop, so a crash replays at most the
 * unacknowledged tail; consumers dedupe by event id.
 *
 * <p>Usable without Spring: {@code new OutboxRelay(props, registry).start()}, then {@link #stop()}.
 */
public final class OutboxRelay implements AutoCloseable {

    public enum State { NEW, STARTING, RUNNING, RESTARTING, STOPPING, STOPPED }

    /** A snapshot for health and the admin endpoint. */
    public record Status(State state, boolean streaming, boolean paused, String lastError, long engineStarts,
                         double lagSeconds, double heartbeatAgeSeconds) {
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final RelayProperties props;
    private final RelayClock clock;
    private final RelayMetrics metrics;
    private final BatchGate gate;
    private final OutboxBatchPublisher publisher;
    private final ExecutorService engineThread;
    private final ScheduledExecutorService supervisor;

    private volatile State state = State.NEW;
    private volatile boolean streaming;
    private volatile boolean stopRequested;
    private volatile String lastError;
    private volatile long engineStarts;
    private volatile int consecutiveFailures;
    private volatile EngineRun engine;
    private volatile CountDownLatch streamingLatch = new CountDownLatch(1);

    public OutboxRelay(RelayProperties props, MeterRegistry registry) {
        this(props, registry, OpenTelemetry.noop());
    }

    /** With {@code openTelemetry}, each published record gets a producer span in the trace of its outbox row. */
    public OutboxRelay(RelayProperties props, MeterRegistry registry, OpenTelemetry openTelemetry) {
        this(props, registry, Clock.systemUTC(), openTelemetry);
    }

    OutboxRelay(RelayProperties props, MeterRegistry registry, Clock wallClock) {
        this(props, registry, wallClock, OpenTelemetry.noop());
    }

    OutboxRelay(RelayProperties props, MeterRegistry registry, Clock wallClock, OpenTelemetry openTelemetry) {
        this.props = props;
        this.clock = new RelayClock(wallClock);
        this.gate = new BatchGate(props.name());
        this.metrics = new RelayMetrics(registry, clock, gate::paused, () -> streaming);
        this.publisher = new OutboxBatchPublisher(props, gate, clock, metrics, new PublishSpans(openTelemetry));
        this.engineThread = Executors.newSingleThreadExecutor(r -> daemon(r, "cdc-relay-engine"));
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cdc-relay-supervisor"));
    }

    /** Starts the engine in the background; {@link #awaitStreaming} tells when records flow. */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("relay " + props.name() + " was already started (state " + state + ")");
        }
        try {
            Files.createDirectories(props.dataDir());
            SchemaHistoryRepair.dropTornLastLine(props.schemaHistoryFile());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create the relay data dir " + props.dataDir(), e);
        }
        state = State.STARTING;
        publisher.open();
        log.info("cdc-relay {} starting: databases {} table {}, Kafka {}, data dir {}", props.name(), props.databases(),
                props.outboxTable(), props.kafkaBootstrap(), props.dataDir());
        launchEngine();
        supervisor.scheduleWithFixedDelay(this::watchdog, 1, 1, TimeUnit.SECONDS);
    }

    /** True once the engine delivered its first record (a heartbeat at the latest, within about a second). */
    public boolean awaitStreaming(Duration timeout) throws InterruptedException {
        return streamingLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops relaying after the batch in flight (at most one batch more is published). Idempotent. */
    public void pause() {
        gate.pause();
    }

    /** Lets the held batch and the ones after it through; never blocks. Idempotent. */
    public void resume() {
        gate.resume();
    }

    public Status status() {
        return new Status(state, streaming, gate.paused(), lastError, engineStarts, clock.lagSeconds(),
                clock.heartbeatAgeSeconds());
    }

    /**
     * Graceful stop: lets the batch in flight finish (or abandons it unacknowledged if Kafka is down), stops the
     * engine, which commits the offsets of everything acknowledged, then closes the producer.
     */
    public void stop() {
        synchronized (this) {
            if (state == State.NEW || state == State.STOPPING || state == State.STOPPED) {
                state = State.STOPPED;
                return;
            }
            state = State.STOPPING;
            stopRequested = true;
        }
        long deadline = System.nanoTime() + props.shutdownTimeout().toNanos();
        try {
            gate.stop(props.shutdownTimeout());
            supervisor.shutdownNow();
            EngineRun current = engine;
            if (current != null) {
                current.close(deadline);
                if (!current.awaitDone(Math.max(0, deadline - System.nanoTime()))) {
                    log.warn("cdc-relay {}: engine did not stop within {}", props.name(), props.shutdownTimeout());
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            engineThread.shutdownNow();
            publisher.close();
            streaming = false;
            state = State.STOPPED;
            log.info("cdc-relay {} stopped", props.name());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void launchEngine() {
        EngineRun next = new EngineRun(props, this::handleBatch, this::engineFinished);
        engine = next;
        engineStarts++;
        engineThread.execute(next);
    }

    private void engineFinished(String message, Throwable error) {
        streaming = false;
        streamingLatch = new CountDownLatch(1);
        if (stopRequested) {
            return;
        }
        lastError = error == null ? message : error.toString();
        int failures = ++consecutiveFailures;
        long backoffMs = Math.min(props.restartBackoffMax().toMillis(), 1000L << Math.min(failures - 1, 16));
        log.error("cdc-relay {}: engine ended ({}); restart #{} in {} ms", props.name(), message, failures, backoffMs, error);
        state = State.RESTARTING;
        metrics.engineRestarted();
        try {
            supervisor.schedule(this::restart, backoffMs, TimeUnit.MILLISECONDS);
        }
        catch (RuntimeException rejected) {
            // stopping concurrently
        }
    }

    /**
     * A binlog connection closed by the server (KILL, restart, failover) ends Debezium's reader without an error,
     * and the keep-alive thread that would notice is off (see EngineSettings). Heartbeats arrive about every second
     * on a healthy stream, so silence while streaming, not paused and not publishing means a dead stream: restart.
     */
    private void watchdog() {
        EngineRun current = engine;
        if (current == null || stopRequested || !streaming || gate.paused() || publisher.publishing()) {
            return;
        }
        double silentSeconds = clock.heartbeatAgeSeconds();
        if (silentSeconds * 1000 < props.stallTimeout().toMillis()) {
            return;
        }
        log.warn("cdc-relay {}: no heartbeat or change for {} s while streaming; restarting the engine", props.name(),
                String.format(Locale.ROOT, "%.1f", silentSeconds));
        streaming = false;
        try {
            current.close(System.nanoTime() + props.shutdownTimeout().toNanos());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void restart() {
        if (!stopRequested) {
            launchEngine();
        }
    }

    /** The engine's batch callback: the engine is streaming, and the publisher takes the batch. */
    private void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
                             DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        markStreaming();
        publisher.publish(batch, committer);
    }

    private void markStreaming() {
        if (!streaming) {
            clock.seen(); // the watchdog measures silence from here, not from before a restart
            streaming = true;
            consecutiveFailures = 0;
            lastError = null;
            state = State.RUNNING;
            streamingLatch.countDown();
            log.info("cdc-relay {} streaming (engine start #{})", props.name(), engineStarts);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
