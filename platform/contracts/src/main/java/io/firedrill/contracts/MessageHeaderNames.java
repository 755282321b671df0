package io.firedrill.contracts;

/**
 * The names of the Kafka headers of a saga message: cdc-relay sets them from the outbox columns, consumers read
 * them, the dead-letter publishers add theirs. Here, in contracts, because both sides of the wire (the relay and
 * the messaging library) must spell them alike and the relay does not depend on messaging.
 *
 * <p>The event id is {@code event_id}, not Debezium's default {@code id}: Spring Messaging reserves {@code id} and
 * would replace it with a random UUID, silently breaking deduplication. All names are snake_case, like the outbox
 * columns they come from; the dead-letter headers share the prefix {@value #DLQ_PREFIX}, which a replay strips.
 */
public final class MessageHeaderNames {

    public static final String EVENT_ID = "event_id";
    public static final String TYPE = "type";
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String TENANT_REGION = "tenant_region";
    /** W3C trace context of the producing span; the same name carries it on HTTP requests. */
    public static final String TRACEPARENT = "traceparent";
    /** The outbox row's aggregatetype, which is also the topic the relay routed it to. */
    public static final String AGGREGATE_TYPE = "aggregatetype";
    /** The database whose outbox the relay read the row from. */
    public static final String SOURCE_DB = "source_db";
    /** Set by cdc-relay from the outbox row's created_at (ISO-8601): consumers measure the whole CDC hop from it. */
    public static final String WRITTEN_AT = "written_at";

    public static final String DLQ_PREFIX = "firedrill_dlq_";
    /** Why a record was dead-lettered, by a consumer or by cdc-relay. */
    public static final String DLQ_REASON = DLQ_PREFIX + "reason";
    public static final String DLQ_DETAIL = DLQ_PREFIX + "detail";
    public static final String DLQ_ORIGINAL_TOPIC = DLQ_PREFIX + "original_topic";
    public static final String DLQ_ORIGINAL_PARTITION = DLQ_PREFIX + "original_partition";
    public static final String DLQ_ORIGINAL_OFFSET = DLQ_PREFIX + "original_offset";
    public static final String DLQ_CONSUMER = DLQ_PREFIX + "consumer";
    public static final String DLQ_AT = DLQ_PREFIX + "at";
    public static final String REPLAYED_FROM_DLQ = "firedrill_replayed_from_dlq";

    private MessageHeaderNames() {}
}
