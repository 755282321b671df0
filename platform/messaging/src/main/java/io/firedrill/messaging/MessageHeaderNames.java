package io.firedrill.messaging;

/**
 * Kafka header names, shared by cdc-relay (which sets them from outbox columns), consumers and the DLQ.
 * The event id is {@code event_id}, not Debezium's default {@code id}: Spring Messaging reserves {@code id}
 * and would replace it with a random UUID, silently breaking deduplication.
 */
public final class MessageHeaderNames {

    public static final String EVENT_ID = "event_id";
    public static final String TYPE = "type";
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String TENANT_REGION = "tenant_region";
    public static final String TRACEPARENT = "traceparent";
    /** Set by cdc-relay from the outbox row's created_at (ISO-8601). */
    public static final String WRITTEN_AT = "written_at";

    public static final String DLQ_REASON = "firedrill_dlq_reason";
    public static final String DLQ_DETAIL = "firedrill_dlq_detail";
    public static final String DLQ_ORIGINAL_TOPIC = "firedrill_dlq_original_topic";
    public static final String DLQ_ORIGINAL_PARTITION = "firedrill_dlq_original_partition";
    public static final String DLQ_ORIGINAL_OFFSET = "firedrill_dlq_original_offset";
    public static final String DLQ_CONSUMER = "firedrill_dlq_consumer";
    public static final String DLQ_AT = "firedrill_dlq_at";
    public static final String REPLAYED_FROM_DLQ = "firedrill_replayed_from_dlq";

    public static final String DLQ_PREFIX = "firedrill_dlq_";

    private MessageHeaderNames() {}
}
