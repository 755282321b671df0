package io.firedrill.drill.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.chaos.model.Activity;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.stack.StackLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A drill runs the scenario's own method minus its chaos-only checks: the same file serves both. */
class DrillStepsTest {

    @Test
    void oversellDrillKeepsTheFaultsAndTheFlashSaleButNotTheProbeOrTheSettleSleep() {
        Path root = StackLayout.locateProjectRoot(Path.of(""));
        var method = ScenarioFile.load(root, "oversell").scenario().method();
        var steps = DrillEngine.drillSteps(method);
        assertThat(steps).extracting(Activity::name).containsExactly(
                "set the confirm guard for this mode",
                "shorten the reservation TTL to 1 s",
                "slow the payment provider by 2.5 s (chaos-monkey latency assault)",
                "flash sale, 300 buyers race for 6 units within 5 s");
    }

    @Test
    void paymentTimeoutDrillKeepsTheProviderFailingAndLeavesTheRepairToTheResponder() {
        Path root = StackLayout.locateProjectRoot(Path.of(""));
        var method = ScenarioFile.load(root, "payment-timeout-compensation-failure").scenario().method();
        var steps = DrillEngine.drillSteps(method).stream().filter(a -> a.appliesTo("defect")).toList();
        assertThat(steps).extracting(Activity::name).containsExactly(
                "compress the saga's timings and set the compensation retry window for this mode",
                "shop traffic (mixed workload), 1 request per second for 30 s",
                "the payment provider hangs (3 s per call) and answers every refund with an error");
    }
}
