package io.firedrill.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void opensAfterConsecutiveFailuresThenLetsOneTrialThroughAndClosesOnSuccess() {
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            assertThat(breaker.tryAcquire(t0)).isTrue();
            breaker.onFailure(t0);
        }
        assertThat(breaker.state(t0)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire(t0.plusSeconds(9))).isFalse();

        assertThat(breaker.tryAcquire(t0.plusSeconds(10))).as("the trial").isTrue();
        assertThat(breaker.tryAcquire(t0.plusSeconds(10))).as("only one trial at a time").isFalse();
        breaker.onSuccess();
        assertThat(breaker.state(t0.plusSeconds(10))).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire(t0.plusSeconds(10))).isTrue();
    }

    @Test
    void aFailedTrialOpensItAgainAndASuccessResetsTheCount() {
        CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(1));
        breaker.onFailure(t0);
        breaker.onSuccess();
        breaker.onFailure(t0);
        assertThat(breaker.state(t0)).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onFailure(t0);
        assertThat(breaker.state(t0)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire(t0.plusSeconds(1))).isTrue();
        breaker.onFailure(t0.plusSeconds(1));
        assertThat(breaker.tryAcquire(t0.plusMillis(1500))).isFalse();
    }

    @Test
    void thresholdZeroNeverOpens() {
        CircuitBreaker breaker = new CircuitBreaker(0, Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            breaker.onFailure(t0);
        }
        assertThat(breaker.tryAcquire(t0)).isTrue();
    }
}
