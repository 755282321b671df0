package io.firedrill.messaging;

import io.opentelemetry.api.trace.Span;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every HTTP request a W3C trace context, so the messages it causes carry one trace id from the request
 * through the outbox, the relay and every consumer. Uses the caller's {@code traceparent} header when valid,
 * else the current OpenTelemetry span (when an SDK instruments the request), else starts a new trace. The
 * trace id is returned in {@code X-Trace-Id} so a user can look the checkout up.
 */
public class TraceparentFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceparent = request.getHeader("traceparent");
        if (!TraceContext.isValid(traceparent)) {
            var span = Span.current().getSpanContext();
            traceparent = span.isValid()
                    ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                    : TraceContext.newTraceparent();
        }
        response.setHeader("X-Trace-Id", TraceContext.traceId(traceparent));
        String chosen = traceparent;
        try (MDC.MDCCloseable trace = MDC.putCloseable("trace_id", TraceContext.traceId(chosen))) {
            TraceContext.<IOException>withInbound(chosen, () -> {
                try {
                    chain.doFilter(request, response);
                } catch (ServletException e) {
                    throw new IOException(e);
                }
            });
        }
    }
}
