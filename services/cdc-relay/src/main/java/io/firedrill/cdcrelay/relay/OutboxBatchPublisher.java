package io.firedrill.cdcrelay.relay;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.firedrill.cdcrelay.RelayProperties;
import io.firedrill.cdcrelay.routing.OutboundRecord;
import io.firedrill.cdcrelay.routing.OutboxRouter;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the engine's change batches to Kafka, at least once: each batch is routed, sent and flushed, and only the
 * records Kafka acknowledged are marked processed, so the offsets the engine commits never pass an unacknowledged
 * record.
 *
 * <p>A record Kafka refuses for good (too large, invalid topic) goes to the DLQ instead; any other failure (a broker
 * outage) retries the rest of the batch in place every {@code publish-retry-backoff}, holding the stream. Batches
 * pass the {@link BatchGate} (held while paused); a stop abandons a held or retrying batch unmarked, for the next
 * run to deliver.
 */
final class OutboxBatchPublisher {

    private static final Logger log = LoggerFactory.getLogger(OutboxBatchPublisher.class);

    private final RelayProperties props;
    private final OutboxRouter router;
    private final RelayClock clock;
    private final RelayMetrics metrics;
    private final PublishSpans spans;
    private final BinlogReaderLag readerLag;
    private final BatchGate gate;

    private volatile boolean publishing;
    private Producer<String, byte[]> producer;

    OutboxBatchPublisher(RelayProperties props, BatchGate gate, RelayClock clock, RelayMetrics metrics, PublishSpans spans) {
        this.props = props;
        this.gate = gate;
        this.router = new OutboxRouter(props.dlqTopic(), props.maxMessageBytes());
        this.clock = clock;
        this.metrics = metrics;
        this.spans = spans;
        this.readerLag = new BinlogReaderLag(props.name());
    }

    /** Creates the Kafka producer; called once, before the first batch. */
    void open() {
        producer = new KafkaProducer<>(EngineSettings.producer(props));
    }

    /** Closes the producer, once the gate is stopped. */
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** True while a batch is being sent or retried (the stream is held on Kafka, not dead). */
    boolean publishing() {
        return publishing;
    }

    /** One engine batch: runs on the engine's polling thread, one batch at a time, in binlog order. */
    void publish(List<RecordChangeEvent<SourceRecord>> batch,
                 DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        gate.enter();
        try {
            List<Item> items = new ArrayList<>(batch.size());
            for (RecordChangeEvent<SourceRecord> event : batch) {
                items.add(Item.of(event, router));
            }
            int ready = gate.paused() ? commitLeadingNothingToPublish(items, committer) : 0;
            if (!gate.awaitOpen()) {
                return; // unmarked: the next run delivers these records (they were never sent)
            }
            publishing = true;
            relay(items.subList(ready, items.size()), committer);
        }
        finally {
            publishing = false;
            gate.leave();
        }
    }

    /**
     * Before holding a paused batch, commits the heartbeats (and ignored operations) at its head. On a first run the
     * snapshot's closing heartbeat is the only record carrying the start position: without it a relay paused, then
     * stopped, would restart "from now" (snapshot.mode=no_data, no offsets) and skip the held rows. The freshness
     * clock is left alone, so the heartbeat age keeps growing while paused.
     */
    /**
     * The same for a batch about to be held by the stall fault, before the hang: returns how many records at its head
     * were committed (the rest go to {@link #publish} once the stall ends). Without it a stalled first run restarted
     * by the watchdog or an operator started "from now" and lost the rows written meanwhile (seen on a loaded machine,
     * where the stall caught the first batch).
     */
    int commitStartPositionBeforeHold(List<RecordChangeEvent<SourceRecord>> batch,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<Item> items = new ArrayList<>(batch.size());
        for (RecordChangeEvent<SourceRecord> event : batch) {
            items.add(Item.of(event, router));
        }
        return commitLeadingNothingToPublish(items, committer);
    }

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
            int failedAt = send(items, done);
            for (int i = done; i < failedAt; i++) {
                committer.markProcessed(items.get(i).event);
                account(items.get(i));
            }
            done = failedAt;
            if (done == items.size() || gate.stopped()) {
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
                if (gate.stopDuring(props.publishRetryBackoff())) {
                    break;
                }
            }
        }
        committer.markBatchFinished();
    }

    /** Sends items[from..], flushes, and returns the index of the first one not acknowledged (size if none). */
    private int send(List<Item> items, int from) {
        List<Future<RecordMetadata>> futures = new ArrayList<>(items.size() - from);
        List<Span> sendSpans = new ArrayList<>(items.size() - from);
        int sentUpTo = items.size();
        for (int i = from; i < items.size(); i++) {
            Item item = items.get(i);
            item.failure = null;
            if (item.out == null) {
                futures.add(null);
                sendSpans.add(null);
                continue;
            }
            Span span = spans.start(item.out);
            sendSpans.add(span);
            try {
                futures.add(producer.send(PublishSpans.toProducerRecord(item.out, span)));
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
        for (int i = 0; i < sendSpans.size(); i++) {
            PublishSpans.end(sendSpans.get(i), from + i < acknowledged, items.get(from + i).failure);
        }
        return acknowledged;
    }

    private void account(Item item) {
        if (item.heartbeatMillis != null) {
            clock.heartbeat(item.heartbeatMillis, readerLag.millis());
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

    /** Errors that will not go away by retrying the same record. */
    private static boolean isRecordSpecific(Throwable e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTopicException;
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] out = Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
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
