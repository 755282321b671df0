package io.firedrill.cdcrelay.routing;

import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.contracts.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The relay's routing rule, as a pure function (Debezium Outbox Event Router semantics): topic = aggregatetype,
 * key = aggregateid, value = payload bytes unchanged, headers from the row (named as the consumers read them,
 * {@link MessageHeaderNames}). A row that cannot be routed becomes a DLQ record carrying
 * {@value MessageHeaderNames#DLQ_REASON}, so one bad row never blocks the stream.
 */
public final class OutboxRouter {

    private final String dlqTopic;
    private final int maxPayloadBytes;

    public OutboxRouter(String dlqTopic, int maxPayloadBytes) {
        this.dlqTopic = dlqTopic;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Routes a Debezium change record; empty when it is not an insert (updates, deletes, tombstones are ignored). */
    public Optional<OutboundRecord> route(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope)) {
            return Optional.empty();
        }
        return OutboxRow.fromEnvelope(envelope).map(this::route);
    }

    public OutboundRecord route(OutboxRow row) {
        Map<String, String> headers = headers(row);
        String reason = rejection(row);
        if (reason != null) {
            return deadLetter(row, headers, row.payload(), reason);
        }
        if (row.payload().length > maxPayloadBytes) {
            // The broker would refuse it forever; the DLQ keeps the headers so the writer can be found.
            return deadLetter(row, headers, null, "payload of " + row.payload().length
                    + " bytes exceeds the relay limit of " + maxPayloadBytes + " bytes");
        }
        return new OutboundRecord(row.aggregateType(), row.aggregateId(), row.payload(), headers, row.id(),
                row.sourceDb(), row.sourceTime(), row.createdAt(), null);
    }

    /** The same row sent to the DLQ after Kafka refused it for good (e.g. record too large after headers). */
    public OutboundRecord deadLetter(OutboundRecord refused, String reason, boolean keepValue) {
        Map<String, String> headers = new LinkedHashMap<>(refused.headers());
        headers.remove(MessageHeaderNames.DLQ_REASON);
        headers.put(MessageHeaderNames.DLQ_REASON, reason);
        return new OutboundRecord(dlqTopic, refused.key(), keepValue ? refused.value() : null, headers,
                refused.eventId(), refused.sourceDb(), refused.sourceTime(), refused.createdAt(), reason);
    }

    public String dlqTopic() {
        return dlqTopic;
    }

    private OutboundRecord deadLetter(OutboxRow row, Map<String, String> headers, byte[] value, String reason) {
        headers.put(MessageHeaderNames.DLQ_REASON, reason);
        return new OutboundRecord(dlqTopic, row.aggregateId(), value, headers, row.id(), row.sourceDb(),
                row.sourceTime(), row.createdAt(), reason);
    }

    /** First reason the row cannot be routed, or null. */
    static String rejection(OutboxRow row) {
        if (isBlank(row.id())) {
            return "missing id";
        }
        if (isBlank(row.aggregateType())) {
            return "missing aggregatetype";
        }
        if (!Topics.isRoutable(row.aggregateType())) {
            return "invalid aggregatetype '" + row.aggregateType() + "': must match " + Topics.ROUTABLE.pattern();
        }
        if (isBlank(row.aggregateId())) {
            return "missing aggregateid";
        }
        if (isBlank(row.type())) {
            return "missing type";
        }
        if (row.payload() == null) {
            return "missing payload";
        }
        return null;
    }

    private static Map<String, String> headers(OutboxRow row) {
        Map<String, String> headers = new LinkedHashMap<>();
        putIfPresent(headers, MessageHeaderNames.EVENT_ID, row.id());
        putIfPresent(headers, MessageHeaderNames.TYPE, row.type());
        putIfPresent(headers, MessageHeaderNames.TRACEPARENT, row.traceparent());
        putIfPresent(headers, MessageHeaderNames.TENANT_REGION, row.tenantRegion());
        putIfPresent(headers, MessageHeaderNames.SCHEMA_VERSION, row.schemaVersion());
        putIfPresent(headers, MessageHeaderNames.AGGREGATE_TYPE, row.aggregateType());
        putIfPresent(headers, MessageHeaderNames.SOURCE_DB, row.sourceDb());
        putIfPresent(headers, MessageHeaderNames.WRITTEN_AT, row.createdAt() == null ? null : row.createdAt().toString());
        return headers;
    }

    private static void putIfPresent(Map<String, String> headers, String name, String value) {
        if (!isBlank(value)) {
            headers.put(name, value);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
