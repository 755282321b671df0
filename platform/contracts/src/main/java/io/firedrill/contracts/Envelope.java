package io.firedrill.contracts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Metadata around a saga message, mirroring the outbox columns (id, type, schema_version, aggregatetype,
 * aggregateid, tenant_region, tracingspancontext) plus the payload. Validated by {@code schemas/envelope.v1.json}.
 *
 * @param traceparent W3C trace context of the producing span, or null
 */
public record Envelope(
        UUID eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        Aggregate aggregateType,
        String aggregateId,
        TenantRegion tenantRegion,
        String traceparent,
        Message payload) {

    /** Wraps {@code payload} with a fresh event id, its registered type, current version and aggregate; keyed by order id. */
    public static Envelope wrap(Message payload, TenantRegion tenantRegion, String traceparent, Instant occurredAt) {
        return wrap(UUID.randomUUID(), payload, tenantRegion, traceparent, occurredAt);
    }

    /** As {@link #wrap(Message, TenantRegion, String, Instant)} with a given event id (e.g. the outbox row id). */
    public static Envelope wrap(
            UUID eventId, Message payload, TenantRegion tenantRegion, String traceparent, Instant occurredAt) {
        MessageType type = MessageType.of(payload);
        return new Envelope(
                eventId,
                type.typeName(),
                type.currentVersion(),
                occurredAt,
                type.aggregate(),
                payload.orderId().toString(),
                tenantRegion,
                traceparent,
                payload);
    }

    /** Registry entry of {@link #type()}; empty when this build does not know the type. */
    public Optional<MessageType> messageType() {
        return MessageType.byName(type);
    }

    /** Topic the message belongs on, see {@link Topics}. */
    public String topic() {
        return Topics.of(MessageType.of(payload));
    }
}
