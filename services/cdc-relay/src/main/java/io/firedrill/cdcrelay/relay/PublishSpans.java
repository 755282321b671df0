package io.firedrill.cdcrelay.relay;

import io.firedrill.cdcrelay.routing.OutboundRecord;
import io.firedrill.cdcrelay.routing.OutboxRouter;
import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.observability.Traceparents;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The relay hop in the trace of a checkout: a producer span per published record, child of the span that wrote the
 * outbox row (its stored traceparent), and a Kafka record whose traceparent names that span, so consumers are its
 * children.
 */
final class PublishSpans {

    private final Tracer tracer;

    PublishSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.firedrill.cdcrelay");
    }

    /** The producer span for {@code out}; null for a row without a valid traceparent (no orphan root traces). */
    Span start(OutboundRecord out) {
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

    /** Ends {@code span} (null is no span): OK when Kafka acknowledged, else an error naming the failure if known. */
    static void end(Span span, boolean acknowledged, Throwable failure) {
        if (span == null) {
            return;
        }
        if (!acknowledged) {
            span.setStatus(StatusCode.ERROR, failure == null ? "not acknowledged" : failure.toString());
        }
        span.end();
    }

    /** The Kafka record; with a publish span, its traceparent replaces the row's so consumers are its children. */
    static ProducerRecord<String, byte[]> toProducerRecord(OutboundRecord out, Span publishSpan) {
        String traceparent = publishSpan == null ? null : Traceparents.of(publishSpan.getSpanContext());
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> header : out.headers().entrySet()) {
            String value = traceparent != null && header.getKey().equals(MessageHeaderNames.TRACEPARENT)
                    ? traceparent : header.getValue();
            headers.add(header.getKey(), value.getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(out.topic(), null, out.key(), out.value(), headers);
    }
}
