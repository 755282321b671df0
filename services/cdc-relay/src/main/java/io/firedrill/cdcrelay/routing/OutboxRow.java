package io.firedrill.cdcrelay.routing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * One inserted outbox row as read from a Debezium change event. Every column may be missing: validation is the
 * router's job, so a malformed row still reaches the DLQ with a reason instead of failing here.
 */
public record OutboxRow(
        String id,
        String aggregateType,
        String aggregateId,
        String type,
        byte[] payload,
        String traceparent,
        String tenantRegion,
        String schemaVersion,
        Instant createdAt,
        String sourceDb,
        Instant sourceTime) {

    /** Debezium envelope operations that mean "a row now exists": insert, and snapshot read. */
    private static final String OP_CREATE = "c";
    private static final String OP_READ = "r";

    /**
     * Reads an insert from a Debezium envelope ({@code op}, {@code after}, {@code source}); empty for updates, deletes,
     * truncates and tombstones, which the relay ignores.
     */
    public static Optional<OutboxRow> fromEnvelope(Struct envelope) {
        if (envelope == null || envelope.schema().field("op") == null) {
            return Optional.empty();
        }
        String op = envelope.getString("op");
        if (!OP_CREATE.equals(op) && !OP_READ.equals(op)) {
            return Optional.empty();
        }
        Struct after = envelope.getStruct("after");
        if (after == null) {
            return Optional.empty();
        }
        Struct source = envelope.schema().field("source") == null ? null : envelope.getStruct("source");
        String db = source == null ? null : text(source, "db");
        Instant sourceTime = null;
        if (source != null && source.schema().field("ts_ms") != null && source.get("ts_ms") != null) {
            sourceTime = Instant.ofEpochMilli(source.getInt64("ts_ms"));
        }
        return Optional.of(new OutboxRow(
                text(after, "id"),
                text(after, "aggregatetype"),
                text(after, "aggregateid"),
                text(after, "type"),
                bytes(after, "payload"),
                text(after, "tracingspancontext"),
                text(after, "tenant_region"),
                text(after, "schema_version"),
                instant(after, "created_at"),
                db,
                sourceTime));
    }

    private static Object raw(Struct struct, String column) {
        Field field = struct.schema().field(column);
        return field == null ? null : struct.get(field);
    }

    private static String text(Struct struct, String column) {
        Object value = raw(struct, column);
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer buffer) {
            return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
        }
        return value.toString();
    }

    /** A JSON/LONGTEXT column arrives as a string: its UTF-8 bytes are the payload, never re-encoded as JSON. */
    private static byte[] bytes(Struct struct, String column) {
        Object value = raw(struct, column);
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] out = new byte[copy.remaining()];
            copy.get(out);
            return out;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** TIMESTAMP(6) arrives as an ISO-8601 string (io.debezium.time.ZonedTimestamp) or, in other modes, epoch values. */
    private static Instant instant(Struct struct, String column) {
        Object value = raw(struct, column);
        if (value instanceof String s) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            }
            catch (DateTimeParseException e) {
                return null;
            }
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        return null;
    }
}
