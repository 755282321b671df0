package io.firedrill.cdcrelay.relay;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.firedrill.cdcrelay.RelayProperties;
import io.firedrill.cdcrelay.routing.OutboundRecord;
import io.firedrill.cdcrelay.routing.OutboxRouter;
import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.observability.Traceparents;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay: a Debezium embedded engine reading the outbox tables from the binlog, and a Kafka producer.
 *
 * <p>Delivery is at-least-once. Each batch from the engine is published, flushed, and only the records Kafka
 * acknowledged are marked processed; offsets are committed after the batch ({@code offset-flush-interval} 0) and
 * again on a graceful stop. A crash therefore replays at most the unacknowledged tail; consumers dedupe by event id.
 * A failed engine is restarted with backoff; Kafka outages are retried in place, holding the stream.
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
    private final OutboxRouter router;
    private final RelayClock clock;
    private final RelayMetrics metrics;
    private final Tracer tracer;
    private final ExecutorService engineThread;
    private final ScheduledExecutorService supervisor;
    private final ReentrantLock batchLock = new ReentrantLock();
    private final Condition resumed = batchLock.newCondition();
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    private volatile State state = State.NEW;
    private volatile boolean paused;
    private volatile boolean streaming;
    private volatile boolean stopRequested;
    private volatile boolean publishing;
    private volatile String lastError;
    private volatile long engineStarts;
    private volatile int consecutiveFailures;
    private volatile EngineRun engine;
    private volatile CountDownLatch streamingLatch = new CountDownLatch(1);
    private Producer<String, byte[]> producer;
    private volatile ObjectName streamingMBean;

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
        this.tracer = openTelemetry.getTracer("io.firedrill.cdcrelay");
        this.router = new OutboxRouter(props.dlqTopic(), props.maxMessageBytes());
        this.clock = new RelayClock(wallClock);
        this.metrics = new RelayMetrics(registry, clock, () -> paused, () -> streaming);
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
            dropTornSchemaHistoryLine(props.schemaHistoryFile());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create the relay data dir " + props.dataDir(), e);
        }
        state = State.STARTING;
        producer = new KafkaProducer<>(EngineSettings.producer(props));
        log.info("cdc-relay {} starting: databases {} table {}, Kafka {}, data dir {}", props.name(), props.databases(),
                props.outboxTable(), props.kafkaBootstrap(), props.dataDir());
        launchEngine();
        supervisor.scheduleWithFixedDelay(this::watchdog, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Debezium's FileSchemaHistory appends one JSON line per DDL. A kill -9 in the middle of an append leaves a line
     * without its newline, which fails every later recovery; the DDL it held was never acknowledged (the offsets
     * still point before it), so dropping the torn line lets Debezium read that DDL again.
     */
    static void dropTornSchemaHistoryLine(Path history) throws IOException {
        if (!Files.isRegularFile(history) || Files.size(history) == 0) {
            return;
        }
        byte[] content = Files.readAllBytes(history);
        if (content[content.length - 1] == '\n') {
            return;
        }
        int keep = content.length;
        while (keep > 0 && content[keep - 1] != '\n') {
            keep--;
        }
        log.warn("cdc-relay: the schema history {} ends with a torn line ({} bytes, from a crash mid-write); dropping it",
                history, content.length - keep);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(history,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(keep);
        }
    }

    /** True once the engine delivered its first record (a heartbeat at the latest, within about a second). */
    public boolean awaitStreaming(Duration timeout) throws InterruptedException {
        return streamingLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops relaying after the batch in flight (at most one batch more is published). Idempotent. */
    public void pause() {
        if (!paused) {
            paused = true;
            log.warn("cdc-relay {} paused by request: events stay in the binlog until resumed", props.name());
        }
    }

    /** Never blocks: a paused batch waits on the condition (lock released) and also re-checks every 200 ms. */
    public void resume() {
        if (paused) {
            paused = false;
            log.warn("cdc-relay {} resumed", props.name());
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

    public Status status() {
        return new Status(state, streaming, paused, lastError, engineStarts, clock.lagSeconds(), clock.heartbeatAgeSeconds());
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
        stopSignal.countDown();
        long deadline = System.nanoTime() + props.shutdownTimeout().toNanos();
        try {
            if (batchLock.tryLock(props.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    resumed.signalAll(); // a paused batch wakes up, sees the stop, and leaves its records unmarked
                }
                finally {
                    batchLock.unlock();
                }
            }
            else {
                log.warn("cdc-relay {}: the batch in flight did not finish within {}; stopping anyway", props.name(),
                        props.shutdownTimeout());
            }
            supervisor.shutdownNow();
            EngineRun current = engine;
            if (current != null) {
                current.close(deadline);
                if (!current.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.warn("cdc-relay {}: engine did not stop within {}", props.name(), props.shutdownTimeout());
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            engineThread.shutdownNow();
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
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
        EngineRun next = new EngineRun();
        engine = next;
        engineStarts++;
        engineThread.execute(next);
    }

    private void engineFinished(EngineRun run, String message, Throwable error) {
        streaming = false;
        streamingLatch = new CountDownLatch(1);
        run.done.countDown();
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
        if (current == null || stopRequested || !streaming || paused || publishing) {
            return;
        }
        double silentSeconds = clock.heartbeatAgeSeconds();
        if (silentSeconds * 1000 < props.stallTimeout().toMillis()) {
            return;
        }
        log.warn("cdc-relay {}: no heartbeat or change for {} s while streaming; restarting the engine", props.name(),
                String.format(java.util.Locale.ROOT, "%.1f", silentSeconds));
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

    /** The engine's batch callback: runs on the engine's polling thread, one batch at a time, in binlog order. */
    void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
                     DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        markStreaming();
        batchLock.lockInterruptibly();
        try {
            List<Item> items = new ArrayList<>(batch.size());
            for (RecordChangeEvent<SourceRecord> event : batch) {
                items.add(Item.of(event, router));
            }
            int ready = 0;
            if (paused) {
                ready = commitLeadingNothingToPublish(items, committer);
            }
            while (paused && !stopRequested) {
                resumed.await(200, TimeUnit.MILLISECONDS);
            }
            if (stopRequested) {
                return; // unmarked: the next run delivers these records (they were never sent)
            }
            publishing = true;
            relay(items.subList(ready, items.size()), committer);
        }
        finally {
            publishing = false;
            batchLock.unlock();
        }
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

    /**
     * Before holding a paused batch, commits the heartbeats (and ignored operations) at its head. On a first run the
     * snapshot's closing heartbeat is the only record carrying the start position: without it a relay paused, then
     * stopped, would restart "from now" (snapshot.mode=no_data, no offsets) and skip the held rows. The freshness
     * clock is left alone, so the heartbeat age keeps growing while paused.
     */
    private static int commitLeadingNothingToPublish(List<Item> items,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        int marked = 0;
        while (marked < items.size() && items.get(marked).out == null) {
            committer.markProcessed(items.get(marked).event);
            marked++;
        }
        if (marked > 0) {
            committer.markBatchFinished();
        }
        return marked;
    }

    private void relay(List<Item> items,
                       DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        int done = 0;
        int attempts = 0;
        while (done < items.size()) {
            int failedAt = publish(items, done);
            for (int i = done; i < failedAt; i++) {
                committer.markProcessed(items.get(i).event);
                account(items.get(i));
            }
            done = failedAt;
            if (done == items.size() || stopRequested) {
                break;
            }
            Item failed = items.get(done);
            Throwable cause = failed.failure;
            metrics.publishFailed();
            if (isRecordSpecific(cause) && !failed.out.deadLetter()) {
                log.error("cdc-relay {}: Kafka refused event {} for {} for good ({}); sending it to {}", props.name(),
                        failed.out.eventId(), failed.out.topic(), cause.toString(), router.dlqTopic());
                failed.out = router.deadLetter(failed.out, "refused by Kafka: " + cause, false);
            }
            else {
                attempts++;
                String message = "cdc-relay {}: Kafka did not acknowledge event {} for {} (attempt {}: {}); retrying {} records in {}";
                Object[] args = {props.name(), failed.out.eventId(), failed.out.topic(), attempts, cause, items.size() - done,
                        props.publishRetryBackoff()};
                if (attempts == 1) {
                    log.warn(message + " (stack trace once per batch)", append(args, cause));
                }
                else {
                    log.warn(message, args);
                }
                if (stopSignal.await(props.publishRetryBackoff().toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        }
        committer.markBatchFinished();
    }

    /** Sends items[from..], flushes, and returns the index of the first one not acknowledged (size if none). */
    private int publish(List<Item> items, int from) {
        List<Future<RecordMetadata>> futures = new ArrayList<>(items.size() - from);
        List<Span> spans = new ArrayList<>(items.size() - from);
        int sentUpTo = items.size();
        for (int i = from; i < items.size(); i++) {
            Item item = items.get(i);
            item.failure = null;
            if (item.out == null) {
                futures.add(null);
                spans.add(null);
                continue;
            }
            Span span = startPublishSpan(item.out);
            spans.add(span);
            try {
                futures.add(producer.send(toProducerRecord(item.out, span)));
            }
            catch (RuntimeException e) { // e.g. metadata not available within max.block.ms
                item.failure = e;
                sentUpTo = i;
                break;
            }
        }
        producer.flush();
        int acknowledged = sentUpTo;
        for (int i = from; i < sentUpTo; i++) {
            Future<RecordMetadata> future = futures.get(i - from);
            if (future == null) {
                continue;
            }
            try {
                future.get();
            }
            catch (ExecutionException e) {
                items.get(i).failure = e.getCause();
                acknowledged = i;
                break;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                items.get(i).failure = e;
                acknowledged = i;
                break;
            }
        }
        endPublishSpans(spans, from, acknowledged, items);
        return acknowledged;
    }

    /**
     * A producer span, child of the span that wrote the outbox row (its stored traceparent), so the trace of a
     * checkout shows the relay hop; null for a row without a valid traceparent (no orphan root traces).
     */
    private Span startPublishSpan(OutboundRecord out) {
        String traceparent = out.headers().get(MessageHeaderNames.TRACEPARENT);
        if (!Traceparents.isValid(traceparent)) {
            return null;
        }
        return tracer.spanBuilder(out.topic() + " publish")
                .setParent(Traceparents.asParent(Context.root(), traceparent))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", out.topic())
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.message.id", String.valueOf(out.eventId()))
                .setAttribute("firedrill.source_db", String.valueOf(out.sourceDb()))
                .startSpan();
    }

    /** Ends the spans of items[from..]: acknowledged ones OK, the first refused one with its error, the rest unsent. */
    private static void endPublishSpans(List<Span> spans, int from, int acknowledged, List<Item> items) {
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            if (span == null) {
                continue;
            }
            if (from + i >= acknowledged) {
                Throwable failure = items.get(from + i).failure;
                span.setStatus(StatusCode.ERROR, failure == null ? "not acknowledged" : failure.toString());
            }
            span.end();
        }
    }

    private void account(Item item) {
        if (item.heartbeatMillis != null) {
            clock.heartbeat(item.heartbeatMillis, readerLagMillis());
            return;
        }
        if (item.out == null) {
            clock.seen();
            return;
        }
        if (item.out.deadLetter()) {
            metrics.deadLettered();
            log.warn("cdc-relay {}: event {} from {} sent to {}: {}", props.name(), item.out.eventId(),
                    item.out.sourceDb(), item.out.topic(), item.out.dlqReason());
            clock.seen();
            return;
        }
        Instant writtenAt = item.out.writtenAt();
        metrics.relayed(item.out.topic(), writtenAt == null ? null : Duration.between(writtenAt, Instant.now()));
        clock.changeRelayed(writtenAt);
    }

    /**
     * How far Debezium's binlog reader is behind the source (its streaming MBean's MilliSecondsBehindSource), or -1
     * when unknown. Read once per heartbeat, about once a second.
     */
    private long readerLagMillis() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = streamingMBean;
            if (name == null || !server.isRegistered(name)) {
                Set<ObjectName> names = server.queryNames(new ObjectName("debezium.*:type=connector-metrics,context=streaming,server="
                        + EngineSettings.topicPrefix(props.name()) + ",*"), null);
                if (names.isEmpty()) {
                    return -1;
                }
                name = names.iterator().next();
                streamingMBean = name;
            }
            return server.getAttribute(name, "MilliSecondsBehindSource") instanceof Number n ? n.longValue() : -1;
        }
        catch (JMException | RuntimeException e) {
            return -1;
        }
    }

    /** The Kafka record; with a publish span, its traceparent replaces the row's so consumers are its children. */
    private static ProducerRecord<String, byte[]> toProducerRecord(OutboundRecord out, Span publishSpan) {
        String traceparent = publishSpan == null ? null : Traceparents.of(publishSpan.getSpanContext());
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> header : out.headers().entrySet()) {
            String value = traceparent != null && header.getKey().equals(MessageHeaderNames.TRACEPARENT)
                    ? traceparent : header.getValue();
            headers.add(header.getKey(), value.getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(out.topic(), null, out.key(), out.value(), headers);
    }

    /** Errors that will not go away by retrying the same record. */
    private static boolean isRecordSpecific(Throwable e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTopicException;
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One Debezium engine instance (they are single-use): a failed engine is replaced by a new one. */
    private final class EngineRun implements Runnable {
        final CountDownLatch done = new CountDownLatch(1);
        final DebeziumEngine<RecordChangeEvent<SourceRecord>> debezium = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(EngineSettings.debezium(props))
                .using((boolean success, String message, Throwable error) -> engineFinished(this, message, error))
                .notifying(OutboxRelay.this::handleBatch)
                .build();
        private boolean started;

        @Override
        public void run() {
            synchronized (OutboxRelay.this) {
                if (stopRequested) {
                    done.countDown();
                    return;
                }
                started = true;
            }
            debezium.run();
        }

        void close(long deadlineNanos) throws InterruptedException {
            synchronized (OutboxRelay.this) {
                if (!started) {
                    done.countDown(); // never ran, never will: stopRequested is set
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
                    log.warn("cdc-relay {}: closing the engine failed", props.name(), e);
                    return;
                }
            }
        }
    }

    /** One engine record and what the relay publishes for it (null for heartbeats and ignored operations). */
    private static final class Item {
        final RecordChangeEvent<SourceRecord> event;
        final Long heartbeatMillis;
        OutboundRecord out;
        Throwable failure;

        private Item(RecordChangeEvent<SourceRecord> event, Long heartbeatMillis, OutboundRecord out) {
            this.event = event;
            this.heartbeatMillis = heartbeatMillis;
            this.out = out;
        }

        static Item of(RecordChangeEvent<SourceRecord> event, OutboxRouter router) {
            SourceRecord record = event.record();
            if (EngineSettings.isHeartbeatTopic(record.topic())) {
                long ts = record.value() instanceof Struct s && s.schema().field("ts_ms") != null && s.get("ts_ms") != null
                        ? s.getInt64("ts_ms") : System.currentTimeMillis();
                return new Item(event, ts, null);
            }
            return new Item(event, null, router.route(record).orElse(null));
        }
    }
}
