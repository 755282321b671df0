package io.firedrill.messaging;

import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.ContractValidator;
import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.ValidationResult;
import io.firedrill.contracts.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.MessageHeaders;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent consumer every service uses. For each record: check the headers, look the type up in the
 * contracts, validate the payload against its schema, decode it, and run the service's handler in one
 * transaction together with the {@code processed_message} insert that makes redelivery harmless.
 *
 * <ul>
 *   <li>Invalid (no event id, unknown type, schema violation, undecodable) → DLQ with the reason, at once.</li>
 *   <li>A known type this service has no handler for → ignored (other services read the same topic).</li>
 *   <li>Already processed → skipped, counted as duplicate (unless the service's {@link DeliveryDedup} is off: then handled
 *       again, counted as {@code DUPLICATE_HANDLED}).</li>
 *   <li>Transient failure → retried with exponential backoff; when attempts run out the exception goes back to
 *       the binder, which redelivers the record (nothing is lost, order is kept).</li>
 *   <li>Any other handler failure → poison: DLQ with the exception as the reason, the consumer moves on.</li>
 * </ul>
 */
public class MessageDispatcher implements Consumer<org.springframework.messaging.Message<byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(MessageDispatcher.class);

    /** {@code DUPLICATE_HANDLED}: already processed, handled again because the service's dedup is off ({@link DeliveryDedup}). */
    public enum Outcome { HANDLED, DUPLICATE, DUPLICATE_HANDLED, IGNORED, DEAD_LETTERED }

    /** A consumed record, independent of the Spring or Kafka type it arrived in. */
    public record Received(String topic, int partition, long offset, byte[] key, byte[] payload, Map<String, byte[]> headers) {

        String header(String name) {
            byte[] value = headers.get(name);
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }

        DeadLetterPublisher.Failed asFailed() {
            return new DeadLetterPublisher.Failed(topic, partition, offset, key, payload, headers);
        }
    }

    private static final String MARK_PROCESSED =
            "INSERT IGNORE INTO processed_message (consumer, message_id, message_type) VALUES (?, ?, ?)";

    private final MessageHandlers handlers;
    private final ContractValidator validator;
    private final ContractCodec codec;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final DeadLetterPublisher deadLetters;
    private final TraceContext traceContext;
    private final MeterRegistry meters;
    private final MessagingProperties properties;
    private final DeliveryDedup dedup;

    public MessageDispatcher(MessageHandlers handlers, ContractValidator validator, ContractCodec codec,
                             TransactionTemplate transactions, JdbcTemplate jdbc, DeadLetterPublisher deadLetters,
                             TraceContext traceContext, MeterRegistry meters, MessagingProperties properties) {
        this(handlers, validator, codec, transactions, jdbc, deadLetters, traceContext, meters, properties, DeliveryDedup.ON);
    }

    public MessageDispatcher(MessageHandlers handlers, ContractValidator validator, ContractCodec codec,
                             TransactionTemplate transactions, JdbcTemplate jdbc, DeadLetterPublisher deadLetters,
                             TraceContext traceContext, MeterRegistry meters, MessagingProperties properties,
                             DeliveryDedup dedup) {
        this.handlers = handlers;
        this.validator = validator;
        this.codec = codec;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.deadLetters = deadLetters;
        this.traceContext = traceContext;
        this.meters = meters;
        this.properties = properties;
        this.dedup = dedup;
        // The rejection and DLQ counters of every topic this service consumes exist from the start at 0, so rate()
        // and increase() see the first rejection. Schema violations carry the JSON Schema keyword as their reason
        // (open-ended); those series appear with their first event, which the alerts' "new series" branch covers.
        // The redelivery outcomes too: a replay is processed within a scrape interval, and a counter born at its final
        // value shows no increase() (the duplicate-delivery scenario reads them).
        handlers.routes().keySet().forEach(type -> {
            for (Outcome outcome : List.of(Outcome.HANDLED, Outcome.DUPLICATE, Outcome.DUPLICATE_HANDLED)) {
                consumedCounter(type.topic(), type.typeName(), outcome);
            }
        });
        handlers.routes().keySet().stream().map(MessageType::topic).distinct().forEach(topic -> {
            for (String reason : REJECT_REASONS) {
                rejectedCounter(topic, reason);
                deadLetters.registerCounter(topic, reason);
            }
        });
    }

    /** The reasons this dispatcher rejects a record for, besides the schema keyword of a contract violation. */
    static final List<String> REJECT_REASONS = List.of("missing-event-id", "unknown-type", "missing-schema-version",
            Violation.MALFORMED_JSON, Violation.UNKNOWN_VERSION, "bad-tenant-region", "undecodable", "handler-failed");

    /** Entry point for a spring-cloud-stream functional binding: {@code return dispatcher;}. */
    @Override
    public void accept(org.springframework.messaging.Message<byte[]> message) {
        dispatch(fromSpring(message));
    }

    public Outcome dispatch(Received record) {
        Timer.Sample timer = Timer.start(meters);
        recordDeliveryLag(record);
        String typeName = record.header(MessageHeaderNames.TYPE);
        Outcome outcome = route(record, typeName);
        timer.stop(meters.timer("firedrill_events_handling_seconds", "topic", record.topic(),
                "type", String.valueOf(typeName), "outcome", outcome.name()));
        consumedCounter(record.topic(), String.valueOf(typeName), outcome).increment();
        return outcome;
    }

    /**
     * The CDC hop as the consumer sees it: outbox row written (in the producer's transaction) to this delivery, i.e.
     * commit, binlog, relay, Kafka and the consumer's poll. Redeliveries and DLQ replays are left out (their age is
     * the outage, not the pipeline).
     */
    private void recordDeliveryLag(Received record) {
        String writtenAt = record.header(MessageHeaderNames.WRITTEN_AT);
        if (writtenAt == null || record.header(MessageHeaderNames.REPLAYED_FROM_DLQ) != null) {
            return;
        }
        try {
            Duration lag = Duration.between(java.time.Instant.parse(writtenAt), java.time.Instant.now());
            Timer.builder("firedrill_events_delivery_lag_seconds")
                    .description("Outbox row written to delivery at this consumer (commit, binlog, relay, Kafka, poll)")
                    .tag("topic", record.topic())
                    .publishPercentileHistogram()
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(meters)
                    .record(lag.isNegative() ? Duration.ZERO : lag);
        } catch (java.time.format.DateTimeParseException ignored) {
            // A foreign producer's header: not ours to measure.
        }
    }

    private Outcome route(Received record, String typeName) {
        UUID eventId = parseUuid(record.header(MessageHeaderNames.EVENT_ID));
        if (eventId == null) {
            return reject(record, "missing-event-id", "header " + MessageHeaderNames.EVENT_ID + " is missing or not a UUID: "
                    + record.header(MessageHeaderNames.EVENT_ID));
        }
        Optional<MessageType> type = MessageType.byName(typeName);
        if (type.isEmpty()) {
            return reject(record, "unknown-type", "type '" + typeName + "' is not in the contracts");
        }
        Optional<MessageHandlers.Handler<Message>> handler = handlers.handlerFor(type.get());
        if (handler.isEmpty()) {
            return Outcome.IGNORED;
        }
        Integer version = parseInt(record.header(MessageHeaderNames.SCHEMA_VERSION));
        if (version == null) {
            return reject(record, "missing-schema-version", "header " + MessageHeaderNames.SCHEMA_VERSION
                    + " is missing or not a number: " + record.header(MessageHeaderNames.SCHEMA_VERSION));
        }
        ValidationResult validation = validator.validate(typeName, version, record.payload());
        if (!validation.isValid()) {
            return reject(record, validation.reasonCode(), validation.summary());
        }
        TenantRegion region;
        try {
            region = TenantRegion.fromId(record.header(MessageHeaderNames.TENANT_REGION));
        } catch (RuntimeException e) {
            return reject(record, "bad-tenant-region", "header " + MessageHeaderNames.TENANT_REGION + " is '"
                    + record.header(MessageHeaderNames.TENANT_REGION) + "'");
        }
        Message message;
        try {
            message = codec.fromJson(type.get(), record.payload());
        } catch (RuntimeException e) {
            return reject(record, "undecodable", e.getMessage());
        }
        String traceparent = record.header(MessageHeaderNames.TRACEPARENT);
        Inbound inbound = new Inbound(eventId, typeName, version, record.topic(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                record.partition(), record.offset(), region, traceparent);
        try (TraceContext.Consuming span = traceContext.startConsuming(record.topic() + " process " + typeName, traceparent);
             MDC.MDCCloseable e = MDC.putCloseable("event_id", eventId.toString());
             MDC.MDCCloseable o = MDC.putCloseable("order_id", message.orderId().toString());
             MDC.MDCCloseable t = MDC.putCloseable("tenant_region", region.id())) {
            span.span().setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.destination.name", record.topic())
                    .setAttribute("messaging.operation.type", "process")
                    .setAttribute("messaging.message.id", eventId.toString())
                    .setAttribute("messaging.kafka.offset", record.offset())
                    .setAttribute("firedrill.message.type", typeName)
                    .setAttribute("firedrill.order_id", message.orderId().toString())
                    .setAttribute("firedrill.tenant_region", region.id());
            Outcome outcome = handle(record, type.get(), handler.get(), message, inbound);
            span.span().setAttribute("firedrill.outcome", outcome.name());
            if (outcome == Outcome.DEAD_LETTERED) {
                span.span().setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, "dead-lettered");
            }
            return outcome;
        }
    }

    private Outcome handle(Received record, MessageType type, MessageHandlers.Handler<Message> handler, Message message,
                           Inbound inbound) {
        Duration backoff = properties.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome handled = transactions.execute(status -> {
                    boolean first = jdbc.update(MARK_PROCESSED, properties.consumerName(), inbound.eventId().toString(),
                            type.typeName()) == 1;
                    if (!first && dedup.active()) {
                        return Outcome.DUPLICATE;
                    }
                    if (!first) {
                        log.warn("dedup OFF: handling {} event_id={} order_id={} again, although it was processed",
                                type.typeName(), inbound.eventId(), message.orderId());
                    }
                    try {
                        handler.handle(message, inbound);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new HandlerException(e);
                    }
                    return first ? Outcome.HANDLED : Outcome.DUPLICATE_HANDLED;
                });
                if (handled != Outcome.DUPLICATE) {
                    return handled;
                }
                log.info("skipped duplicate {} event_id={} order_id={}", type.typeName(), inbound.eventId(), message.orderId());
                return Outcome.DUPLICATE;
            } catch (RuntimeException failure) {
                Throwable cause = failure instanceof HandlerException ? failure.getCause() : failure;
                if (!isTransient(cause)) {
                    log.error("poison {} event_id={} order_id={}: handler failed", type.typeName(), inbound.eventId(),
                            message.orderId(), cause);
                    return reject(record, "handler-failed", cause.getClass().getSimpleName() + ": " + cause.getMessage());
                }
                meters.counter("firedrill_events_retried_total", "topic", record.topic(), "type", type.typeName()).increment();
                if (attempt >= properties.maxAttempts()) {
                    log.warn("{} event_id={} order_id={} still failing after {} attempts, handing back to the binder: {}",
                            type.typeName(), inbound.eventId(), message.orderId(), attempt, cause.toString());
                    throw failure instanceof HandlerException ? new TransientFailure(cause.getMessage(), cause) : failure;
                }
                log.info("transient failure on {} event_id={} attempt {}/{}, retrying in {} ms: {}", type.typeName(),
                        inbound.eventId(), attempt, properties.maxAttempts(), backoff.toMillis(), cause.toString());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : backoff.multipliedBy(2);
            }
        }
    }

    private Outcome reject(Received record, String reason, String detail) {
        rejectedCounter(record.topic(), reason).increment();
        deadLetters.publish(record.asFailed(), reason, detail);
        return Outcome.DEAD_LETTERED;
    }

    private Counter consumedCounter(String topic, String type, Outcome outcome) {
        return meters.counter("firedrill_events_consumed_total", "topic", topic, "type", type, "outcome", outcome.name());
    }

    private Counter rejectedCounter(String topic, String reason) {
        return Counter.builder("firedrill_events_rejected_total")
                .description("Consumed records refused (invalid or poison) and sent to the DLQ, by reason")
                .tags("topic", topic, "reason", reason)
                .register(meters);
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientFailure || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Converts a binder message: Kafka metadata from the kafka_* headers, every other header as bytes. The
     * binder's own headers (id, timestamp, contentType, scst_*) are left out: copied to a DLQ record as raw
     * bytes they would break the binder when the record is replayed.
     */
    public static Received fromSpring(org.springframework.messaging.Message<byte[]> message) {
        MessageHeaders spring = message.getHeaders();
        Map<String, byte[]> headers = new LinkedHashMap<>();
        spring.forEach((name, value) -> {
            if (name.startsWith("kafka_") || name.equals(MessageHeaders.ID) || name.equals(MessageHeaders.TIMESTAMP)
                    || name.startsWith("scst_") || name.equals("deliveryAttempt") || name.equals(MessageHeaders.CONTENT_TYPE)
                    || value == null) {
                return;
            }
            headers.put(name, value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.UTF_8));
        });
        Object key = spring.get(KafkaHeaders.RECEIVED_KEY);
        Object partition = spring.get(KafkaHeaders.RECEIVED_PARTITION);
        Object offset = spring.get(KafkaHeaders.OFFSET);
        return new Received(
                String.valueOf(spring.get(KafkaHeaders.RECEIVED_TOPIC)),
                partition instanceof Number n ? n.intValue() : -1,
                offset instanceof Number n ? n.longValue() : -1,
                key instanceof byte[] bytes ? bytes : key == null ? null : key.toString().getBytes(StandardCharsets.UTF_8),
                message.getPayload(),
                headers);
    }

    private static UUID parseUuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Integer parseInt(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while backing off", e);
        }
    }

    /** Carries a checked exception of a handler out of the transaction callback. */
    private static final class HandlerException extends RuntimeException {
        HandlerException(Exception cause) {
            super(cause);
        }
    }
}
