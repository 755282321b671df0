package io.firedrill.messaging;

import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.observability.Traceparents;
import io.opentelemetry.api.trace.Span;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every HTTP request a W3C trace context, so the messages it causes carry one trace id from the request
 * through the outbox, the relay and every consumer. With the OpenTelemetry SDK the request's server span is
 * already current (a child of the caller's {@code traceparent}, if any) and is used; without it the caller's
 * valid {@code traceparent} is continued, else a new trace starts. The trace id is returned in
 * {@code X-Trace-Id} (the id to look the checkout up in Zipkin) and is in the MDC of the request's log lines.
 */
public class TraceparentFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String current = Traceparents.current();
        String chosen = current;
        if (chosen == null) {
            String callers = request.getHeader(MessageHeaderNames.TRACEPARENT);
            chosen = Traceparents.isValid(callers) ? callers : Traceparents.newRoot();
        }
        response.setHeader("X-Trace-Id", Traceparents.traceId(chosen));
        if (current != null) {
            try (TraceContext.LogIds ids = TraceContext.LogIds.of(Span.current().getSpanContext())) {
                chain.doFilter(request, response);
            }
            return;
        }
        try {
            TraceContext.<IOException>withInbound(chosen, () -> {
                try {
                    chain.doFilter(request, response);
                } catch (ServletException e) {
                    throw new IOException(e);
                }
            });
        } catch (IOException e) {
            if (e.getCause() instanceof ServletException servlet) {
                throw servlet;
            }
            throw e;
        }
    }
}
