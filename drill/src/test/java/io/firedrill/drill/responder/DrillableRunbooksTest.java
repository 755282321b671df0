package io.firedrill.drill.responder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.drill.host.DrillEngine;
import io.firedrill.drill.runbook.RunbookSection;
import io.firedrill.stack.StackLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Without the stack: every drillable scenario's runbook is one the reference responder can play. Its Diagnosis section
 * ends on a {@code Diagnosis id:} line naming the scenario's canonical diagnosis (the first of {@code fault.diagnosis}),
 * its Mitigation section has runnable blocks, and each alert the defect mode expects leads, from its runbook_url in the
 * generated rules, to that runbook the way {@link ReferenceResponder} follows it. `make test-drills` then proves on the
 * stack that the blocks really mitigate.
 */
class DrillableRunbooksTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path root = StackLayout.locateProjectRoot(Path.of(""));

    @Test
    void everyScenarioButTheAlertPathCheckIsDrillable() {
        assertThat(DrillEngine.drillableNames(root)).containsExactlyInAnyOrder("broker-outage", "delayed-visibility", "duplicate-delivery",
                "notification-provider-failure", "oversell", "payment-timeout-compensation-failure", "replica-lag", "schema-drift");
        Scenario alertPath = ScenarioFile.load(root, "alert-path").scenario();
        assertThat(alertPath.drillable()).isFalse();
        assertThat(alertPath.notDrillable()).contains("not an incident");
    }

    @Test
    void everyDrillableRunbookNamesTheScenariosCanonicalDiagnosisLastInItsDiagnosisSection() {
        for (String name : DrillEngine.drillableNames(root)) {
            Scenario scenario = ScenarioFile.load(root, name).scenario();
            RunbookSection diagnosis = RunbookSection.read(root, runbookFile(scenario) + "#diagnosis");
            assertThat(diagnosis.diagnosisIds()).as(name + ": the Diagnosis section's ids").isNotEmpty();
            assertThat(diagnosis.diagnosisIds().get(0)).as(name + ": the id the reference responder submits")
                    .isEqualTo(scenario.fault().diagnosis().get(0));
            assertThat(scenario.fault().diagnosis()).as(name + ": every id a runbook names is one the drill accepts")
                    .containsAll(diagnosis.diagnosisIds());
            String lastLine = diagnosis.text().strip().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(lastLine).as(name + ": the Diagnosis section ends on its id").startsWith("**Diagnosis id:**");
            assertThat(RunbookSection.read(root, runbookFile(scenario) + "#mitigation").runnableBlocks())
                    .as(name + ": runnable mitigation blocks").isNotEmpty();
        }
    }

    @Test
    void everyAlertADefectPagesWithLeadsTheReferenceResponderToTheScenariosRunbook() throws IOException {
        Map<String, String> runbookUrls = runbookUrls(root.resolve("alerting/rules/demo"));
        ReferenceResponder responder = new ReferenceResponder(null, root, new PrintStream(OutputStream.nullOutputStream()));
        for (String name : DrillEngine.drillableNames(root)) {
            Scenario scenario = ScenarioFile.load(root, name).scenario();
            List<Scenario.ExpectedAlert> expected = scenario.expectedAlerts().stream().filter(a -> a.appliesTo("defect")).toList();
            assertThat(expected).as(name + ": a drill needs an expected alert to page and resolve").isNotEmpty();
            for (Scenario.ExpectedAlert alert : expected) {
                String url = runbookUrls.get(alert.alert());
                assertThat(url).as(alert.alert() + "'s runbook_url").isNotBlank();
                assertThat(responder.diagnosable(url)).as(name + ": " + alert.alert() + " (" + url + ") leads to")
                        .isEqualTo(runbookFile(scenario).substring("runbooks/".length()));
            }
        }
    }

    /** {@code runbooks/x.md} of a scenario's {@code runbook:} (which may carry an anchor). */
    private static String runbookFile(Scenario scenario) {
        String runbook = scenario.runbook();
        return runbook.contains("#") ? runbook.substring(0, runbook.indexOf('#')) : runbook;
    }

    private static Map<String, String> runbookUrls(Path rules) throws IOException {
        Map<String, String> urls = new HashMap<>();
        try (Stream<Path> files = Files.list(rules)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        if (rule.has("alert")) {
                            urls.put(rule.path("alert").asText(), rule.path("annotations").path("runbook_url").asText());
                        }
                    }
                }
            }
        }
        return urls;
    }
}
