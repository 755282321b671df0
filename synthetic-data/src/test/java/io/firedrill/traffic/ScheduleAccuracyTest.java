package io.firedrill.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.firedrill.traffic.profile.Profiles;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The open model keeps its schedule: over 10 s the target sees the target rate within ±2%. */
class ScheduleAccuracyTest {

    @Test
    void sendsTheTargetRateWithinTwoPercentOverTenSeconds() throws Exception {
        ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        try (TestServers.Server server = TestServers.start(() -> arrivals.add(System.nanoTime()))) {
            double rate = 200;
            TrafficConfig config = TrafficConfig.builder(Profiles.constant(rate, Duration.ofSeconds(10)))
                    .rawUrl(server.url()).build();

            TrafficResult result = TrafficRunner.run(config);

            assertThat(result.rates().scheduled()).isEqualTo(2_000);
            assertThat(result.rates().dropped()).isZero();
            assertThat(result.rates().achievedRate()).isCloseTo(rate, within(rate * 0.02));
            // What the server saw: count, and the span from first to last arrival (1999 gaps of 5 ms).
            assertThat(arrivals).hasSizeBetween(1_960, 2_040);
            long first = arrivals.stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = arrivals.stream().mapToLong(Long::longValue).max().orElseThrow();
            double observedRate = (arrivals.size() - 1) / ((last - first) / 1e9);
            System.out.printf("schedule accuracy: target %.0f/s, achieved %.2f/s, server-observed %.2f/s, schedule lag p99 %.2f ms%n",
                    rate, result.rates().achievedRate(), observedRate, result.rates().scheduleLagMs().p99());
            assertThat(observedRate).isCloseTo(rate, within(rate * 0.02));
            // Every second of the timeline is on target too (the last may be partial).
            result.timeline().stream().filter(p -> p.t() <= 10).forEach(p ->
                    assertThat((double) p.sent()).as("sent in second %s", p.t()).isCloseTo(rate, within(rate * 0.1)));
        }
    }
}
