package io.firedrill.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The crash path a support engineer follows: a controller throws (a bug, or a chaos-monkey exception assault), the
 * client gets a 500 problem+json naming the request's trace id, and the ERROR log line carries the same trace id, so
 * {@code firedrill-stack trace} and Zipkin find both. The controller really throws inside Spring MVC; the span is made
 * current the way OpenTelemetry's servlet instrumentation makes the server span current.
 */
class UnexpectedFailureProblemTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final JsonMapper JSON = JsonMapper.shared();

    @RestController
    static class CheckoutController {
        @PostMapping("/api/orders")
        String checkout() {
            throw new IllegalStateException("Chaos Monkey - RuntimeException (secret internals at Checkout.java:42)");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new CheckoutController())
            .setControllerAdvice(new ApiProblems()).build();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ApiProblems.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
        MDC.clear();
    }

    @Test
    void aThrowingControllerAnswers500ProblemWithTheTraceIdItsErrorLineCarries() throws Exception {
        SpanContext server = SpanContext.create(TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
        MvcResult result;
        try (Scope scope = Span.wrap(server).makeCurrent()) {
            result = mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn();
        }

        assertThat(result.getResponse().getStatus()).isEqualTo(500);
        assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        String raw = result.getResponse().getContentAsString();
        JsonNode body = JSON.readTree(raw);
        assertThat(body.path("traceId").asText()).matches("[0-9a-f]{32}").isEqualTo(TRACE_ID);
        assertThat(body.path("code").asText()).isEqualTo("internal-error");
        assertThat(body.path("instance").asText()).isEqualTo("/api/orders");
        assertThat(body.path("detail").asText()).contains(TRACE_ID);
        assertThat(raw).as("no stack trace or exception text in the body")
                .doesNotContain("Chaos Monkey").doesNotContain("Checkout.java").doesNotContain("IllegalStateException")
                .doesNotContain("\tat ");

        assertThat(logged.list).hasSize(1);
        ILoggingEvent error = logged.list.get(0);
        assertThat(error.getLevel()).isEqualTo(Level.ERROR);
        assertThat(error.getMDCPropertyMap()).containsEntry("trace_id", TRACE_ID);
        assertThat(error.getFormattedMessage()).contains("POST /api/orders").contains(TRACE_ID);
        assertThat(error.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
        assertThat(MDC.get("trace_id")).as("the MDC is left as it was").isNull();
    }

    @Test
    void withoutASpanTheTraceIdOfTheRequestsLogContextIsUsed() throws Exception {
        MDC.put("trace_id", TRACE_ID); // what the services' traceparent filter does without an OpenTelemetry SDK
        MvcResult result = mvc.perform(post("/api/orders")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(500);
        assertThat(JSON.readTree(result.getResponse().getContentAsString()).path("traceId").asText()).isEqualTo(TRACE_ID);
        assertThat(logged.list.get(0).getMDCPropertyMap()).containsEntry("trace_id", TRACE_ID);
    }

    @Test
    void withoutAnyTraceTheProblemIsStillA500WithoutATraceId() throws Exception {
        MvcResult result = mvc.perform(post("/api/orders")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(500);
        assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode body = JSON.readTree(result.getResponse().getContentAsString());
        assertThat(body.has("traceId")).isFalse();
        assertThat(body.path("status").asInt()).isEqualTo(500);
        assertThat(logged.list).singleElement().extracting(ILoggingEvent::getLevel).isEqualTo(Level.ERROR);
    }
}
