package io.firedrill.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.chaos.report.Reports;
import io.firedrill.chaos.runner.Journal;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.chaos.runner.ScenarioRunner;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import io.firedrill.stack.junit.FiredrillStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The runner on the real stack with the alert-path drill: real alerts through Prometheus, Alertmanager and the sink. */
@ExtendWith(FiredrillStackExtension.class)
class ScenarioRunnerTest {

    private final Path root = StackLayout.locateProjectRoot(Path.of(""));

    @Test
    void alertPathDrillFiresResolvesAndRollsBack(Stack stack, @TempDir Path reports) throws Exception {
        Journal journal = new ScenarioRunner(stack, System.out).run(ScenarioFile.load(root, "alert-path"), "defect");

        assertThat(journal.status).as(journal.reason).isEqualTo(Journal.Status.completed);
        assertThat(journal.deviated).isFalse();
        Journal.AlertVerdict alert = journal.alerts.get(0);
        assertThat(alert.alert()).isEqualTo("StackSmokeSignal");
        assertThat(alert.firedAt()).isNotNull();
        assertThat(alert.resolvedAt()).isAfter(alert.firedAt());
        assertThat(alert.timeToDetectSeconds()).isBetween(0.0, 30.0);
        assertThat(journal.rollbacks).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(Journal.Outcome.succeeded));
        assertThat(journal.timeline).extracting(e -> e.kind())
                .containsSubsequence("fault-on", "alert-firing", "fault-off", "alert-resolved");

        Reports.write(journal, reports);
        assertThat(Files.readString(reports.resolve("report.md"))).contains("StackSmokeSignal").contains("| ok");
        assertThat(Files.readString(reports.resolve("report.html"))).contains("<svg").contains("alert-resolved");
        assertThat(Reports.JSON.readTree(reports.resolve("journal.json").toFile()).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void defendedModeInjectsNothingAndTheAlertStaysSilent(Stack stack) {
        Journal journal = new ScenarioRunner(stack, System.out).run(ScenarioFile.load(root, "alert-path"), "defended");

        assertThat(journal.status).as(journal.reason).isEqualTo(Journal.Status.completed);
        assertThat(journal.faultStartedAt).isNull();
        assertThat(journal.alerts).singleElement().satisfies(a -> {
            assertThat(a.expected()).isFalse();
            assertThat(a.ok()).isTrue();
        });
    }

    @Test
    void anExpectedAlertThatNeverFiresFailsTheRunAndTheRollbacksStillRun(Stack stack) throws Exception {
        Path file = Path.of(getClass().getResource("/scenarios/never-fires/scenario.yaml").toURI());
        Journal journal = new ScenarioRunner(stack, System.out).run(ScenarioFile.load(root, "never-fires", file), "defect");

        assertThat(journal.status).isEqualTo(Journal.Status.failed);
        assertThat(journal.reason).contains("NoSuchAlertEverDefined").contains("never fired");
        assertThat(journal.rollbacks).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(Journal.Outcome.succeeded));
    }

    @Test
    void unknownScenarioOrModeIsAUsageErrorListingTheKnownOnes() {
        assertThat(ChaosCli.execute("run", "no-such-incident")).isEqualTo(2);
        assertThat(ChaosCli.execute("run", "alert-path", "--mode", "sideways")).isEqualTo(2);
        assertThat(ChaosCli.execute("explode")).isEqualTo(2);
    }
}
