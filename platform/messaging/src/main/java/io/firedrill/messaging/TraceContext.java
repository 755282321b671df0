package io.firedrill.messaging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * W3C trace context across the outbox: the producing span's traceparent is stored in the outbox row, the
 * relay copies it to a Kafka header, and the consumer continues the trace from it. Works with a real
 * OpenTelemetry SDK (spans are created and exported) and without one (the incoming traceparent is passed
 * through unchanged, so the trace id still survives every hop).
 */
public final class TraceContext {

    private static final Pattern TRACEPARENT = Pattern.compile("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final ThreadLocal<String> INBOUND = new ThreadLocal<>();

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    public TraceContext(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("io.firedrill.messaging");
    }

    public static boolean isValid(String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches();
    }

    /** The traceparent to store with an outgoing message: the current span's, else the inbound one, else null. */
    public String currentTraceparent() {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
        }
        return INBOUND.get();
    }

    /**
     * Runs {@code work} with {@code traceparent} as the inbound trace context of this thread (used when no
     * OpenTelemetry span is current), restoring the previous one afterwards.
     */
    public static <E extends Exception> void withInbound(String traceparent, ThrowingRunnable<E> work) throws E {
        String previous = INBOUND.get();
        INBOUND.set(traceparent);
        try {
            work.run();
        } finally {
            INBOUND.set(previous);
        }
    }

    @FunctionalInterface
    public interface ThrowingRunnable<E extends Exception> {
        void run() throws E;
    }

    /** A fresh sampled root traceparent: 16 random bytes of trace id, 8 of span id. */
    public static String newTraceparent() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return String.format("00-%016x%016x-%016x-01", random.nextLong(), random.nextLong(), random.nextLong() | 1L);
    }

    /** The trace id part of a traceparent, or null if it is not a valid one. */
    public static String traceId(String traceparent) {
        return isValid(traceparent) ? traceparent.substring(3, 35) : null;
    }

    /** A consumer span, child of {@code traceparent}, current until the returned scope closes. */
    public Consuming startConsuming(String spanName, String traceparent) {
        Context parent = Context.root();
        if (isValid(traceparent)) {
            parent = openTelemetry.getPropagators().getTextMapPropagator()
                    .extract(Context.root(), traceparent, SINGLE_TRACEPARENT);
        }
        Span span = tracer.spanBuilder(spanName).setParent(parent).setSpanKind(SpanKind.CONSUMER).startSpan();
        Scope scope = span.makeCurrent();
        String previous = INBOUND.get();
        INBOUND.set(isValid(traceparent) ? traceparent : null);
        return new Consuming(span, scope, previous);
    }

    /** Ends the consumer span and restores the thread's previous state. */
    public static final class Consuming implements AutoCloseable {
        private final Span span;
        private final Scope scope;
        private final String previous;

        private Consuming(Span span, Scope scope, String previous) {
            this.span = span;
            this.scope = scope;
            this.previous = previous;
        }

        public Span span() { return span; }

        @Override
        public void close() {
            scope.close();
            span.end();
            INBOUND.set(previous);
        }
    }

    private static final TextMapGetter<String> SINGLE_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };
}
