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
 * in flight), restart with backoff after a failure, a watchdog that restarts an engine that stopped delivering (a
 * binlog stream that died silently, a stuck engine), the pause lever (held by the {@link BatchGate}), the stall fault
 * ({@link EngineStall}) and the status that health and the admin endpoint show. Offsets are committed
 * after every batch ({@code offset-flush-interval} 0) and again on a graceful stop, so a crash replays at most the
 * unacknowledged tail; consumers dedupe by event id.
 *
 * <p>Usable without Spring: {@code new OutboxRelay(props, registry).start()}, then {@link #stop()}.
 */
public final class OutboxRelay implements AutoCloseable {

    public enum State { NEW, STARTING, RUNNING, RESTARTING, STOPPING, STOPPED }

    /** A snapshot for health and the admin endpoint. */
    public record Status(State state, boolean streaming, boolean paused, boolean engineStalled, Duration stallTimeout,
                         String lastError, long engineStarts, double lagSeconds, double heartbeatAgeSeconds) {
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final RelayProperties props;
    private final RelayClock clock;
    private final RelayMetrics metrics;
    private final BatchGate gate;
    private final OutboxBatchPublisher publisher;
    private final EngineStall stall = new EngineStall();
    private final ExecutorService engineThread;
    private final ScheduledExecutorService supervisor;

    private volatile State state = State.NEW;
    private volatile boolean streaming;
    private volatile boolean stopRequested;
    private volatile String lastError;
    private volatile long engineStarts;
    private volatile int consecutiveFailures;
    private volatile Duration stallTimeout;
    private volatile String restartReason;
    private volatile boolean stallReported;
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
        this.stallTimeout = props.stallTimeout();
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

    /**
     * The stall fault: the running engine's batch handling hangs from its next batch on, as a stuck engine's does,
     * until the engine is restarted (the watchdog after {@link #stallTimeout}, or {@link #restartEngine}) or
     * {@link #releaseStall()}. A restarted engine is not stalled. Idempotent.
     */
    public void stallEngine() {
        long run = engineStarts;
        if (!stall.stalled(run)) {
            stall.stall(run);
            log.warn("cdc-relay {}: engine start #{} stalled by request: its batches hang until the engine is restarted "
                    + "or the stall is released", props.name(), run);
        }
    }

    /** Lifts the stall fault: the held batch proceeds. Never blocks. Idempotent. */
    public void releaseStall() {
        if (stall.release()) {
            log.warn("cdc-relay {}: engine stall released", props.name());
        }
    }

    /**
     * How long a streaming engine may deliver nothing (not even a heartbeat), while neither paused nor publishing,
     * before the watchdog restarts it. {@link Duration#ZERO} turns the watchdog's restarts off (it only logs the stall).
     *
     * @throws IllegalArgumentException if neither zero nor at least 3 heartbeat intervals
     */
    public void stallTimeout(Duration timeout) {
        stallTimeout = checkStallTimeout(timeout);
        log.warn("cdc-relay {}: watchdog stall timeout set to {}", props.name(), timeout.isZero() ? "0 (restarts off)" : timeout);
    }

    /** The timeout if {@link #stallTimeout(Duration)} would take it, else IllegalArgumentException. */
    public Duration checkStallTimeout(Duration timeout) {
        return RelayProperties.checkStallTimeout(timeout, props.heartbeatInterval());
    }

    /** Back to the configured {@code stall-timeout}. */
    public void resetStallTimeout() {
        stallTimeout = props.stallTimeout();
    }

    /**
     * Stops the running engine and starts a new one at once, from the committed offsets: what the watchdog does to a
     * stalled engine, for an operator to do by hand. Records not yet acknowledged are delivered again (consumers
     * dedupe). False if there is no engine to restart (not started, stopping, or already restarting).
     */
    public boolean restartEngine(String reason) {
        EngineRun current;
        synchronized (this) {
            current = engine;
            if (current == null || stopRequested || state == State.RESTARTING || restartReason != null) {
                return false;
            }
            restartReason = reason;
        }
        log.warn("cdc-relay {}: restarting the engine (start #{}): {}", props.name(), engineStarts, reason);
        streaming = false;
        stall.abandon(engineStarts);
        try {
            current.close(System.nanoTime() + props.shutdownTimeout().toNanos());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    public Status status() {
        return new Status(state, streaming, gate.paused(), stall.stalled(engineStarts), stallTimeout, lastError,
                engineStarts, clock.lagSeconds(), clock.heartbeatAgeSeconds());
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
            stall.abandon(engineStarts); // a held batch leaves unmarked, for the next run
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
        long run = engineStarts + 1;
        EngineRun next = new EngineRun(props, (batch, committer) -> handleBatch(run, batch, committer), this::engineFinished);
        engine = next;
        engineStarts = run;
        engineThread.execute(next);
    }

    private void engineFinished(String message, Throwable error) {
        streaming = false;
        streamingLatch = new CountDownLatch(1);
        if (stopRequested) {
            return;
        }
        String requested = restartReason;
        restartReason = null;
        long backoffMs;
        if (requested != null) {
            // Stopped on purpose (a stalled engine): not a failure, so no backoff; a new engine that fails backs off.
            lastError = requested;
            backoffMs = 0;
            log.warn("cdc-relay {}: engine stopped for a restart ({}); starting a new one", props.name(), requested);
        }
        else {
            lastError = error == null ? message : error.toString();
            int failures = ++consecutiveFailures;
            backoffMs = Math.min(props.restartBackoffMax().toMillis(), 1000L << Math.min(failures - 1, 16));
            log.error("cdc-relay {}: engine ended ({}); restart #{} in {} ms", props.name(), message, failures, backoffMs, error);
        }
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
     * Heartbeats arrive about every second on a healthy stream, binlog events or not (the server sends HEARTBEAT
     * events on an idle binlog), so silence while streaming, not paused and not publishing means the engine stopped
     * delivering while the binlog goes on: a binlog connection closed by the server (KILL, restart, failover), which
     * ends Debezium's reader without an error (the keep-alive thread that would notice is off, see EngineSettings), or
     * a stuck engine whose batch handling hangs. Either way a new engine, from the committed offsets, recovers: restart.
     * With the stall timeout at zero the watchdog only reports the stall, once per engine run.
     */
    private void watchdog() {
        EngineRun current = engine;
        if (current == null || stopRequested || !streaming || gate.paused() || publisher.publishing()) {
            stallReported = false;
            return;
        }
        double silentSeconds = clock.heartbeatAgeSeconds();
        Duration timeout = stallTimeout;
        long thresholdMs = timeout.isZero() ? props.stallTimeout().toMillis() : timeout.toMillis();
        if (silentSeconds * 1000 < thresholdMs) {
            stallReported = false;
            return;
        }
        String silence = String.format(Locale.ROOT, "%.1f", silentSeconds);
        if (timeout.isZero()) {
            if (!stallReported) {
                stallReported = true;
                log.error("cdc-relay {}: no heartbeat or change for {} s while streaming, but the watchdog's restarts are "
                        + "off (stall timeout 0): the engine stays stalled until it is restarted", props.name(), silence);
            }
            return;
        }
        restartEngine("stalled: no heartbeat or change for " + silence + " s while streaming (stall timeout " + timeout + ")");
    }

    private synchronized void restart() {
        if (!stopRequested) {
            launchEngine();
        }
    }

    /**
     * The batch callback of engine start #{@code run}: the engine is streaming, and the publisher takes the batch,
     * unless the run is stalled (held here) or was abandoned for a new one (left unmarked, for the next run).
     */
    private void handleBatch(long run, List<RecordChangeEvent<SourceRecord>> batch,
                             DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        if (run != engineStarts || stall.abandoned(run)) {
            return; // a run being replaced: leave the batch unmarked, for the next run
        }
        markStreaming();
        // A held batch first saves the start position its head carries, as a paused one does.
        int[] committed = {0};
        if (stall.pass(run, () -> committed[0] = publisher.commitStartPositionBeforeHold(batch, committer))) {
            publisher.publish(batch.subList(committed[0], batch.size()), committer);
        }
    }

    private void markStreaming() {
        if (!streaming) {
            clock.seen(); // the watchdog measures silence from here, not from before a restart
            streaming = true;
            if (consecutiveFailures > 0) {
                // a failure is healed by streaming again; the reason of a requested restart (a stall, an operator)
                // stays in the status, as the last thing that went wrong
                consecutiveFailures = 0;
                lastError = null;
            }
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
