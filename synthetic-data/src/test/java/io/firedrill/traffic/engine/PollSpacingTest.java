package io.firedrill.traffic.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How often a tracked checkout is polled: dense while it is young, sparse once it is slow. */
class PollSpacingTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aYoungCheckoutIsPolledAtTheInterval() {
        assertThat(CompletionTracker.pollSpacingNanos(200 * MS, 0)).isEqualTo(200 * MS);
        assertThat(CompletionTracker.pollSpacingNanos(200 * MS, 1_500 * MS)).isEqualTo(200 * MS);
    }

    @Test
    void aSlowCheckoutIsPolledATenthOfItsAgeApartAndAtLeastEveryTwoSeconds() {
        assertThat(CompletionTracker.pollSpacingNanos(200 * MS, 5_000 * MS)).isEqualTo(500 * MS);
        assertThat(CompletionTracker.pollSpacingNanos(200 * MS, 60_000 * MS)).isEqualTo(CompletionTracker.MAX_POLL_SPACING_NANOS);
    }

    @Test
    void aThirtySecondSagaCostsAboutThirtyPollsInsteadOfOneHundredFifty() {
        long age = 0;
        int polls = 0;
        while (age < 30_000 * MS) {
            age += CompletionTracker.pollSpacingNanos(200 * MS, age);
            polls++;
        }
        assertThat(polls).isBetween(20, 45);
    }
}
