package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.chaos.report.Reports;
import io.firedrill.chaos.runner.Journal;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.chaos.runner.ScenarioRunner;
import io.firedrill.chaos.core.Timeline;
import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `make chaos SCENARIO=oversell` in both modes, end to end on the running services: the same runner, scenario file
 * and reports as the CLI. defect must reproduce the incident (units sold twice, InventoryOversold pages and resolves
 * after the rollback reconciles stock); defended must hold the invariant (nothing oversold, InventoryOversold silent,
 * expiries alert instead, every charged cancellation refunded). Reports land in e2e/target/chaos/oversell-MODE/.
 */
@ExtendWith(ServicesExtension.class)
class OversellScenarioTest {

    private final Path root = StackLayout.locateProjectRoot(Path.of(""));

    @Test
    void defectModeReproducesTheOversellAndInventoryOversoldFiresThenResolves(Firedrill firedrill) throws Exception {
        Journal journal = run(firedrill, "defect");

        Map<String, Journal.AlertVerdict> alerts = byName(journal);
        assertThat(alerts.get("InventoryOversold")).satisfies(a -> {
            assertThat(a.expected()).isTrue();
            assertThat(a.firedAt()).as("InventoryOversold fired").isNotNull();
            assertThat(a.resolvedAt()).as("InventoryOversold resolved after the rollback").isAfter(a.firedAt());
        });
        assertThat(journal.run).filteredOn(r -> r.name().startsWith("defect reproduces"))
                .singleElement().satisfies(r -> assertThat(r.toleranceMet()).as("committed > on hand during the fault").isTrue());
        assertThat(journal.timeline).extracting(Timeline.Event::kind)
                .containsSubsequence("fault-on", "alert-firing", "fault-off", "alert-resolved");
    }

    @Test
    void defendedModeSellsNothingTwiceAndRefundsEveryChargedCancellation(Firedrill firedrill) throws Exception {
        Journal journal = run(firedrill, "defended");

        Map<String, Journal.AlertVerdict> alerts = byName(journal);
        assertThat(alerts.get("ReservationExpiriesHigh").firedAt()).as("expiries page instead of oversell").isNotNull();
        assertThat(journal.alerts).filteredOn(a -> a.alert().equals("InventoryOversold"))
                .allSatisfy(a -> assertThat(a.firedAt()).as("InventoryOversold must stay silent").isNull());
        assertThat(firedrill.count("firedrill_inventory", "SELECT COALESCE(SUM(GREATEST(committed - on_hand, 0)), 0) FROM stock"))
                .as("oversold units").isZero();
        assertThat(firedrill.count("firedrill_order", "SELECT COUNT(*) FROM firedrill_order.orders o JOIN firedrill_payment.payment p "
                + "ON p.order_id = o.id WHERE o.status = 'CANCELLED' AND p.status = 'AUTHORIZED'")).as("charged, cancelled, not refunded").isZero();
    }

    private Journal run(Firedrill firedrill, String mode) throws Exception {
        Journal journal = new ScenarioRunner(firedrill.stack(), System.out).run(ScenarioFile.load(root, "oversell"), mode);
        Path reports = root.resolve("e2e/target/chaos/oversell-" + mode);
        Files.createDirectories(reports);
        Reports.write(journal, reports);

        assertThat(journal.status).as("%s: %s (report %s)", mode, journal.reason, reports.resolve("report.md"))
                .isEqualTo(Journal.Status.completed);
        assertThat(journal.deviated).as("steady state after the run").isFalse();
        assertThat(journal.invariants).isNotEmpty().allSatisfy(i -> assertThat(i.toleranceMet()).as(i.name()).isTrue());
        assertThat(journal.rollbacks).isNotEmpty().allSatisfy(r -> assertThat(r.status()).as(r.name()).isEqualTo(Journal.Outcome.succeeded));
        return journal;
    }

    private static Map<String, Journal.AlertVerdict> byName(Journal journal) {
        return journal.alerts.stream().collect(Collectors.toMap(Journal.AlertVerdict::alert, Function.identity(), (a, b) -> a.expected() ? a : b));
    }
}
