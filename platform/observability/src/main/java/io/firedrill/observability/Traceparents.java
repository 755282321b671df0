package io.firedrill.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C {@code traceparent} values ({@code 00-<trace id>-<parent span id>-<flags>}), the form in which a trace
 * crosses the outbox table and Kafka headers. Needs only the OpenTelemetry API, so it works with the SDK
 * disabled too: the trace id then still survives every hop, only no spans are recorded.
 */
public final class Traceparents {

    private static final Pattern TRACEPARENT = Pattern.compile("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");

    private Traceparents() {}

    public static boolean isValid(String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches()
                && spanContext(traceparent).isValid();
    }

    /** The trace id part, or null if {@code traceparent} is not a valid one. */
    public static String traceId(String traceparent) {
        return isValid(traceparent) ? traceparent.substring(3, 35) : null;
    }

    /** The traceparent naming {@code span} as the parent, or null for an invalid (no-op) span context. */
    public static String of(SpanContext span) {
        return span.isValid() ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex() : null;
    }

    /** The current span's traceparent, or null when no valid span is current. */
    public static String current() {
        return of(Span.current().getSpanContext());
    }

    /** A fresh sampled root traceparent: 16 random bytes of trace id, 8 of span id. */
    public static String newRoot() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("00-%016x%016x-%016x-01", random.nextLong() | 1L, random.nextLong(), random.nextLong() | 1L);
    }

    /** The remote span a traceparent names; {@link SpanContext#getInvalid()} if it does not parse. */
    public static SpanContext spanContext(String traceparent) {
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            return SpanContext.getInvalid();
        }
        return SpanContext.createFromRemoteParent(traceparent.substring(3, 35), traceparent.substring(36, 52),
                TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
    }

    /** {@code base} with the remote span of {@code traceparent} as the parent of spans started in it (base if invalid). */
    public static Context asParent(Context base, String traceparent) {
        SpanContext remote = spanContext(traceparent);
        return remote.isValid() ? base.with(Span.wrap(remote)) : base;
    }
}
