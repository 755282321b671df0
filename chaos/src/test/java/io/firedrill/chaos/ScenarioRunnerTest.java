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

    /**
     * In a nightly, the run before can leave one of this scenario's alerts firing; a run that started anyway saw it
     * "fire" as its own effect or failed it as forbidden. The alert-path's defended mode forbids StackSmokeSignal: with
     * the signal raised (the alert firing) it must wait, and start once the alert has cleared.
     */
    @Test
    void aRunWaitsUntilAnEarlierRunsAlertHasCleared(Stack stack) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.IntConsumer signal = value -> {
            try {
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                stack.endpoints().alertSinkUrl() + "/api/signals/smoke?value=" + value))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        signal.accept(1);
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (prometheusCount(stack, "count(ALERTS{alertname=\"StackSmokeSignal\",alertstate=\"firing\"})") == 0) {
                assertThat(System.nanoTime()).as("StackSmokeSignal firing within 30 s").isLessThan(deadline);
                Thread.sleep(500);
            }
            java.util.concurrent.atomic.AtomicReference<java.time.Instant> lowered = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.CompletableFuture.delayedExecutor(8, java.util.concurrent.TimeUnit.SECONDS).execute(() -> {
                lowered.set(java.time.Instant.now());
                signal.accept(0);
            });

            Journal journal = new ScenarioRunner(stack, System.out).run(ScenarioFile.load(root, "alert-path"), "defended");

            assertThat(journal.status).as(journal.reason).isEqualTo(Journal.Status.completed);
            assertThat(lowered.get()).isNotNull();
            assertThat(journal.steadyStateBefore.probes().get(0).start()).as("the steady state was checked after the alert cleared")
                    .isAfter(lowered.get());
            assertThat(journal.alerts).allSatisfy(a -> assertThat(a.ok()).isTrue());
        } finally {
            signal.accept(0);
        }
    }

    private static double prometheusCount(Stack stack, String query) throws Exception {
        String url = stack.endpoints().prometheusUrl() + "/api/v1/query?query="
                + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8);
        String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        com.fasterxml.jackson.databind.JsonNode result = Reports.JSON.readTree(body).path("data").path("result");
        return result.isEmpty() ? 0 : result.get(0).path("value").get(1).asDouble();
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
