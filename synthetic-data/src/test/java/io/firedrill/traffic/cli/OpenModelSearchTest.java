package io.firedrill.traffic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.traffic.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The bench's open-model step passes only when the generator kept up: a backlog shows in p99 even when the median
 * stays at the service time, and such a step must not count as sustained.
 */
class OpenModelSearchTest {

    private static final Duration STEP = Duration.ofSeconds(3);

    @Test
    void aStepWhoseArrivalsQueuedBehindAStallFailsThoughItsMedianIsFast() throws Exception {
        OpenModelSearch.Step step = stepAgainst(500_000_000L);

        assertThat(step.p50Ms()).isLessThanOrEqualTo(OpenModelSearch.MAX_MEDIAN_MS);
        assertThat(step.p99Ms()).isGreaterThan(OpenModelSearch.MAX_P99_MS);
        assertThat(step.pass()).isFalse();
    }

    @Test
    void aStepServedOnTimePasses() throws Exception {
        OpenModelSearch.Step step = stepAgainst(0);

        assertThat(step.dropped()).isZero();
        assertThat(step.errors()).isZero();
        assertThat(step.pass()).as("step %s", step).isTrue();
    }

    /** One 3 s step at 200/s against a server that, if {@code stallNanos > 0}, holds every request for that long once, 1 s in. */
    private static OpenModelSearch.Step stepAgainst(long stallNanos) throws Exception {
        try (TestServers.Server server = TestServers.start(TestServers.stallingOnce(1_000_000_000L, stallNanos))) {
            return OpenModelSearch.run(server.url(), 64, 10_000, 200, STEP);
        }
    }
}
