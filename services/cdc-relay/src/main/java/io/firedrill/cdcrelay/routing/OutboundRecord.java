package io.firedrill.cdcrelay.routing;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the relay publishes for one outbox row: the Kafka record plus the facts the relay measures with.
 *
 * @param topic      destination topic (the aggregatetype, or the DLQ topic)
 * @param key        Kafka key (the aggregateid); may be null only on the DLQ
 * @param value      the payload bytes exactly as stored; null on the DLQ when the row had none or it was too large
 * @param headers    header name to UTF-8 text, in a stable order
 * @param eventId    the outbox row id, for logs
 * @param sourceDb   the database the row was written in
 * @param sourceTime when the database wrote the change (binlog timestamp, at best to the second)
 * @param createdAt  the row's created_at column (microseconds), null if absent or unreadable
 * @param dlqReason  why the row went to the DLQ, null for a routed row
 */
public record OutboundRecord(
        String topic,
        String key,
        byte[] value,
        Map<String, String> headers,
        String eventId,
        String sourceDb,
        Instant sourceTime,
        Instant createdAt,
        String dlqReason) {

    public OutboundRecord {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public boolean deadLetter() {
        return dlqReason != null;
    }

    /** The best-known time the event was written: created_at is finer than the binlog second, never after it by much. */
    public Instant writtenAt() {
        if (createdAt == null) {
            return sourceTime;
        }
        if (sourceTime == null) {
            return createdAt;
        }
        return createdAt.isAfter(sourceTime) ? createdAt : sourceTime;
    }
}
