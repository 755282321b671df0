package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two /proc samples turned into the CPU each process of the stack spent between them. */
class ProcessCpuTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void utimePlusStimeAreReadAfterACommandNameHoldingSpacesAndParentheses() {
        String stat = "4242 (tmux: server (1)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 8 9 20 0 1 0 100 0 0";

        assertThat(ProcessCpu.parseTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void theTicksOfEachProcessBetweenTwoSamplesBecomeCoresPerProcessAndInTotal() {
        ProcessCpu.Sample before = sample(0, Map.of("kafka", reading(10, Map.of(10L, 1_000L)),
                "order-service", reading(20, Map.of(20L, 5_000L))));
        ProcessCpu.Sample after = sample(60 * SECOND, Map.of("kafka", reading(10, Map.of(10L, 1_300L)),
                "order-service", reading(20, Map.of(20L, 5_060L))));

        ProcessCpu.Usage usage = ProcessCpu.usage(before, after);

        assertThat(usage.seconds()).isEqualTo(60.0);
        assertThat(usage.cores()).containsOnlyKeys("kafka", "order-service");
        assertThat(usage.cores().get("kafka")).isCloseTo(0.05, within(1e-9)); // 300 ticks = 3 s of CPU in 60 s
        assertThat(usage.cores().get("order-service")).isCloseTo(0.01, within(1e-9));
        assertThat(usage.total()).isCloseTo(0.06, within(1e-9));
    }

    @Test
    void aProcessIsChargedForItsDescendantsIncludingOnesStartedDuringTheWindow() {
        ProcessCpu.Sample before = sample(0, Map.of("mariadb-primary", reading(30, Map.of(30L, 100L, 31L, 50L))));
        ProcessCpu.Sample after = sample(10 * SECOND, Map.of("mariadb-primary", reading(30, Map.of(30L, 120L, 31L, 60L, 32L, 5L))));

        assertThat(ProcessCpu.ticksSpent(before, after)).containsExactly(Map.entry("mariadb-primary", 20L + 10L + 5L));
    }

    @Test
    void aDescendantGoneByTheSecondSampleIsLeftOutRatherThanCountedNegative() {
        ProcessCpu.Sample before = sample(0, Map.of("s3", reading(40, Map.of(40L, 100L, 41L, 900L))));
        ProcessCpu.Sample after = sample(10 * SECOND, Map.of("s3", reading(40, Map.of(40L, 130L))));

        assertThat(ProcessCpu.ticksSpent(before, after)).containsExactly(Map.entry("s3", 30L));
    }

    @Test
    void aProcessGoneOrRestartedBetweenTheSamplesHasNoFigure() {
        ProcessCpu.Sample before = sample(0, Map.of("zipkin", reading(50, Map.of(50L, 100L)),
                "cdc-relay", reading(60, Map.of(60L, 100L))));
        ProcessCpu.Sample after = sample(10 * SECOND, Map.of("cdc-relay", reading(61, Map.of(61L, 400L))));

        assertThat(ProcessCpu.ticksSpent(before, after)).isEmpty();
    }

    @Test
    void aWindowOfNoTimeIsRefused() {
        ProcessCpu.Sample at = sample(5 * SECOND, Map.of());

        assertThatThrownBy(() -> ProcessCpu.usage(at, at)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 0 s");
    }

    @Test
    void thisProcessCanBeSampled() {
        long self = ProcessHandle.current().pid();

        ProcessCpu.Sample sample = ProcessCpu.sample(Map.of("self", self, "gone", Long.MAX_VALUE));

        assertThat(sample.readings()).containsOnlyKeys("self");
        assertThat(sample.readings().get("self").ticks()).containsKey(self);
    }

    private static ProcessCpu.Sample sample(long nanos, Map<String, ProcessCpu.Reading> readings) {
        return new ProcessCpu.Sample(nanos, new LinkedHashMap<>(readings));
    }

    private static ProcessCpu.Reading reading(long pid, Map<Long, Long> ticks) {
        return new ProcessCpu.Reading(pid, ticks);
    }
}
