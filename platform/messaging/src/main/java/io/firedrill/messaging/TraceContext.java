package io.firedrill.messaging;

import io.firedrill.observability.Traceparents;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * W3C trace context across the outbox: the producing span's traceparent is stored in the outbox row, the
 * relay copies it to a Kafka header (as the parent of its publish span), and the consumer continues the trace
 * from it. Works with a real OpenTelemetry SDK (spans are created and exported to Zipkin) and without one (the
 * incoming traceparent is made current as a remote span context, so the trace id still survives every hop).
 * The current trace and span ids are in the MDC ({@code trace_id}, {@code span_id}) for the log lines.
 */
public final class TraceContext {

    public static final String MDC_TRACE_ID = "trace_id";
    public static final String MDC_SPAN_ID = "span_id";

    private final Tracer tracer;

    public TraceContext(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.firedrill.messaging");
    }

    public static boolean isValid(String traceparent) {
        return Traceparents.isValid(traceparent);
    }

    /** The trace id part of a traceparent, or null if it is not a valid one. */
    public static String traceId(String traceparent) {
        return Traceparents.traceId(traceparent);
    }

    /** A fresh sampled root traceparent. */
    public static String newTraceparent() {
        return Traceparents.newRoot();
    }

    /**
     * The traceparent to store with an outgoing message: the current span's (a recorded span, or the inbound
     * context made current by {@link #withInbound} or {@link #startConsuming}), else null.
     */
    public String currentTraceparent() {
        return Traceparents.current();
    }

    /**
     * Runs {@code work} inside the trace of {@code traceparent} (the remote span it names is current, so spans
     * started and messages written by {@code work} belong to that trace); without a valid traceparent runs it as is.
     */
    public static <E extends Exception> void withInbound(String traceparent, ThrowingRunnable<E> work) throws E {
        SpanContext remote = Traceparents.spanContext(traceparent);
        if (!remote.isValid()) {
            work.run();
            return;
        }
        try (Scope scope = Context.current().with(Span.wrap(remote)).makeCurrent();
             LogIds ids = LogIds.of(remote)) {
            work.run();
        }
    }

    @FunctionalInterface
    public interface ThrowingRunnable<E extends Exception> {
        void run() throws E;
    }

    /** A consumer span, child of {@code traceparent} (a new trace if it is missing), current until closed. */
    public Consuming startConsuming(String spanName, String traceparent) {
        Context parent = Traceparents.asParent(Context.root(), traceparent);
        Span span = tracer.spanBuilder(spanName).setParent(parent).setSpanKind(SpanKind.CONSUMER).startSpan();
        Scope scope = parent.with(span).makeCurrent();
        return new Consuming(span, scope, LogIds.of(span.getSpanContext()));
    }

    /** Ends the consumer span and restores the thread's previous trace context and MDC. */
    public static final class Consuming implements AutoCloseable {
        private final Span span;
        private final Scope scope;
        private final LogIds ids;

        private Consuming(Span span, Scope scope, LogIds ids) {
            this.span = span;
            this.scope = scope;
            this.ids = ids;
        }

        public Span span() { return span; }

        @Override
        public void close() {
            ids.close();
            scope.close();
            span.end();
        }
    }

    /** trace_id / span_id in the MDC while a context is current; the previous values come back on close. */
    static final class LogIds implements AutoCloseable {
        private final String previousTrace;
        private final String previousSpan;

        private LogIds(String traceId, String spanId) {
            previousTrace = MDC.get(MDC_TRACE_ID);
            previousSpan = MDC.get(MDC_SPAN_ID);
            MDC.put(MDC_TRACE_ID, traceId);
            MDC.put(MDC_SPAN_ID, spanId);
        }

        static LogIds of(SpanContext context) {
            return context.isValid() ? new LogIds(context.getTraceId(), context.getSpanId()) : new LogIds(null, null);
        }

        @Override
        public void close() {
            restore(MDC_TRACE_ID, previousTrace);
            restore(MDC_SPAN_ID, previousSpan);
        }

        private static void restore(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
