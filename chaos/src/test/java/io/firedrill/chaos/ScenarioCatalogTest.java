package io.firedrill.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.stack.StackLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every scenario of chaos/scenarios loads without problems (providers, modes, durations, runbook), has both modes,
 * and names only alerts that the demo rules define: a typo in an expected alert would otherwise only show as
 * "never fired" at the end of a long run.
 */
class ScenarioCatalogTest {

    private final Path root = StackLayout.locateProjectRoot(Path.of(""));

    @Test
    void everyScenarioLoadsHasBothModesAndNamesExistingAlerts() throws IOException {
        String rules = demoRules();
        List<String> names = ScenarioFile.names(root);
        assertThat(names).contains("oversell", "replica-lag", "schema-drift");
        for (String name : names) {
            Scenario scenario = ScenarioFile.load(root, name).scenario();
            assertThat(scenario.modes()).as(name + " modes").containsKeys("defect", "defended");
            List<String> alerts = new ArrayList<>();
            scenario.expectedAlerts().forEach(a -> alerts.add(a.alert()));
            scenario.forbiddenAlerts().forEach(a -> alerts.add(a.alert()));
            for (String alert : alerts) {
                assertThat(rules).as(name + " names alert " + alert).contains("- alert: " + alert + "\n");
            }
        }
    }

    private String demoRules() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Stream.concat(Files.list(root.resolve("alerting/rules/demo")),
                Stream.of(root.resolve("alerting/rules/stack.yml")))) {
            for (Path file : files.toList()) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        return all.toString();
    }
}
