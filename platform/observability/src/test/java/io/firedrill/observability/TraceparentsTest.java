package io.firedrill.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

class TraceparentsTest {

    private static final String CALLERS = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void parsesTheTraceIdAndRefusesMalformedOrAllZeroValues() {
        assertThat(Traceparents.traceId(CALLERS)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(Traceparents.isValid("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isFalse();
        assertThat(Traceparents.isValid("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isFalse();
        assertThat(Traceparents.isValid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isFalse();
        assertThat(Traceparents.isValid("not a traceparent")).isFalse();
        assertThat(Traceparents.isValid(null)).isFalse();
        assertThat(Traceparents.traceId("garbage")).isNull();
    }

    @Test
    void aNewRootIsValidSampledAndDifferentEachTime() {
        String a = Traceparents.newRoot();
        String b = Traceparents.newRoot();
        assertThat(Traceparents.isValid(a)).as(a).isTrue();
        assertThat(a).endsWith("-01").isNotEqualTo(b);
    }

    @Test
    void theRemoteSpanOfATraceparentBecomesTheCurrentParentWithoutAnSdk() {
        assertThat(Traceparents.current()).isNull();
        try (Scope scope = Traceparents.asParent(Context.current(), CALLERS).makeCurrent()) {
            assertThat(Traceparents.current()).isEqualTo(CALLERS);
            assertThat(Span.current().getSpanContext().isRemote()).isTrue();
        }
        assertThat(Traceparents.current()).isNull();
        assertThat(Traceparents.asParent(Context.root(), "garbage")).isSameAs(Context.root());
    }
}
