package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How bench-stack reports the stack with its services up: idle cores against the goal, per process. */
class StackBenchTest {

    @Test
    void anIdleStackUnderTheGoalIsReportedMetWithEveryProcessItsCoresAndMemory() {
        StackBench.WithServices measured = measured(Map.of("kafka", 0.02, "order-service", 0.01));

        ObjectNode json = new ObjectMapper().createObjectNode();
        measured.write(json, Duration.ofSeconds(30), StackBench.GOAL_IDLE_CORES);

        assertThat(json.get("idleCores").asDouble()).isEqualTo(0.03);
        assertThat(json.get("idleGoalMet").asBoolean()).isTrue();
        assertThat(json.get("servicesColdStartSeconds").asDouble()).isEqualTo(42.5);
        assertThat(json.get("servicesCacheWritingStopSeconds").asDouble()).isEqualTo(30.5);
        assertThat(json.get("servicesCachedStartSeconds").asDouble()).isEqualTo(25.0);
        assertThat(json.at("/processes/order-service/cachedSecondsToReady").asDouble()).isEqualTo(20.0);
        assertThat(json.get("totalRssMiB").asDouble()).isEqualTo(300.0);
        assertThat(json.at("/processes/order-service/coldSecondsToReady").asDouble()).isEqualTo(40.0);
        assertThat(json.at("/processes/kafka/idleCores").asDouble()).isEqualTo(0.02);
        assertThat(json.at("/processes/kafka/idleBusiestThreadsMsPerSecond/data-plane-kafk").asDouble()).isEqualTo(14.0);
        assertThat(json.at("/processes/kafka/coldSecondsToReady").isMissingNode()).isTrue();
    }

    @Test
    void anIdleStackOverTheGoalIsReportedNotMetAndAProcessGoneDuringTheWindowHasNoFigure() {
        StackBench.WithServices measured = measured(Map.of("kafka", 0.25));

        StringBuilder md = new StringBuilder();
        measured.markdownRows(md, StackBench.GOAL_IDLE_CORES);
        measured.markdownTable(md);

        assertThat(md).contains("| idle CPU of the whole stack (1 processes, 60 s window) | 0.250 cores | ≤ 0.10 cores | **not met** |");
        assertThat(md).contains("| order-service | 40.0 | 20.0 | gone |  |  | 200 |");
        assertThat(md).contains("| kafka |  |  | 0.250 | 100% | data-plane-kafk 14.0 | 100 |");
        assertThat(md).contains("| services start to all ready with their caches (every later start) | 25.0 s | ≤ 60 s | met |");
    }

    @Test
    void servicesThatDidNotStartFailTheIdleGoalAndSayWhy() {
        StackBench.WithServices failed = StackBench.WithServices.failed("order-service exited during start-up");

        ObjectNode json = new ObjectMapper().createObjectNode();
        failed.write(json, Duration.ofSeconds(30), StackBench.GOAL_IDLE_CORES);

        assertThat(json.get("idleGoalMet").asBoolean()).isFalse();
        assertThat(json.get("error").asText()).contains("order-service exited");
    }

    @Test
    void windowsAreGivenInSecondsMinutesOrMilliseconds() {
        StackBench.Seconds seconds = new StackBench.Seconds();

        assertThat(seconds.convert("60")).isEqualTo(Duration.ofSeconds(60));
        assertThat(seconds.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(seconds.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(seconds.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> seconds.convert("a minute")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    private static StackBench.WithServices measured(Map<String, Double> cores) {
        Map<String, Double> ordered = new LinkedHashMap<>(cores);
        double total = ordered.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Long> rssKib = new LinkedHashMap<>();
        rssKib.put("kafka", 100L * 1024);
        rssKib.put("order-service", 200L * 1024);
        Stack.UpReport started = new Stack.UpReport(Map.of("order-service", 40.0), 42.5);
        List<String> lost = rssKib.keySet().stream().filter(n -> !ordered.containsKey(n)).toList();
        Stack.UpReport cached = new Stack.UpReport(Map.of("order-service", 20.0), 25.0);
        Map<String, Map<String, Double>> threads = new LinkedHashMap<>();
        ordered.keySet().forEach(n -> threads.put(n, new LinkedHashMap<>(Map.of("data-plane-kafk", 14.0))));
        return new StackBench.WithServices(started, 30.5, cached, new ProcessCpu.Usage(60, ordered, total), threads, rssKib, lost, null);
    }
}
