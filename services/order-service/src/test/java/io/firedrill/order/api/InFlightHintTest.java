package io.firedrill.order.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InFlightHintTest {

    private final Instant now = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    void finalOrdersGetNoHint() {
        for (String status : new String[] {"COMPLETED", "CANCELLED", "COMPENSATION_FAILED"}) {
            assertThat(InFlightHint.retryAfterSeconds(status, now.plusSeconds(3), now)).as(status).isEmpty();
        }
    }

    @Test
    void anInFlightOrderIsToldToLookAgainWhenItsStepIsDueWithinOneToFiveSeconds() {
        assertThat(InFlightHint.retryAfterSeconds("PENDING", now.plusMillis(2_100), now)).hasValue(3);
        assertThat(InFlightHint.retryAfterSeconds("RESERVED", now.plusSeconds(20), now)).hasValue(5);
        assertThat(InFlightHint.retryAfterSeconds("PAID", now.plusMillis(200), now)).hasValue(1);
        assertThat(InFlightHint.retryAfterSeconds("PENDING", now.minusSeconds(30), now)).as("overdue: being resent").hasValue(1);
        assertThat(InFlightHint.retryAfterSeconds("PENDING", null, now)).as("no saga row yet").hasValue(1);
    }

    @Test
    void anUnknownStatusGetsNoHint() {
        assertThat(InFlightHint.retryAfterSeconds("SHIPPED_BY_A_NEWER_VERSION", now.plusSeconds(3), now)).isEmpty();
        assertThat(InFlightHint.retryAfterSeconds(null, now.plusSeconds(3), now)).isEmpty();
    }
}
