package io.firedrill.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class TraceparentFilterTest {

    private final TraceContext traceContext = new TraceContext(OpenTelemetry.noop());

    @Test
    void continuesTheCallersTraceAndReturnsItsId() throws Exception {
        String callers = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
        request.addHeader("traceparent", callers);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<String> seenInside = new AtomicReference<>();

        new TraceparentFilter().doFilter(request, response,
                new MockFilterChain(new jakarta.servlet.http.HttpServlet() {}) {
                    @Override
                    public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
                        seenInside.set(traceContext.currentTraceparent());
                    }
                });

        assertThat(seenInside.get()).isEqualTo(callers);
        assertThat(response.getHeader("X-Trace-Id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(traceContext.currentTraceparent()).as("restored after the request").isNull();
    }

    @Test
    void startsANewTraceWhenTheCallerSentNone() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<String> seenInside = new AtomicReference<>();
        new TraceparentFilter().doFilter(new MockHttpServletRequest("GET", "/x"), response,
                new MockFilterChain(new jakarta.servlet.http.HttpServlet() {}) {
                    @Override
                    public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
                        seenInside.set(traceContext.currentTraceparent());
                    }
                });

        assertThat(TraceContext.isValid(seenInside.get())).isTrue();
        assertThat(response.getHeader("X-Trace-Id")).isEqualTo(TraceContext.traceId(seenInside.get()));
    }
}
