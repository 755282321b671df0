package io.firedrill.chaos.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.chaos.dashboard.Dashboards;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each scenario names the dashboard panels of its story, and a panel that does not exist stops the scenario loading. */
class ScenarioPanelsTest {

    private final Path root = StackLayout.locateProjectRoot(Path.of(""));

    @Test
    void everyScenarioNamesTwoToFourPanelsThatExistInTheDashboards() {
        Dashboards dashboards = Dashboards.load(Dashboards.dir(root));
        for (String name : ScenarioFile.names(root)) {
            Scenario scenario = ScenarioFile.load(root, name).scenario();
            assertThat(scenario.panels()).as(name + " panels").hasSizeBetween(2, 4).doesNotHaveDuplicates();
            for (Scenario.PanelRef ref : scenario.panels()) {
                assertThat(dashboards.problem(ref.dashboard(), ref.title())).as(name + ": " + ref).isNull();
            }
        }
        assertThat(ScenarioFile.load(root, "oversell").scenario().panels())
                .contains(new Scenario.PanelRef("firedrill-checkout-flow", "Oversold units"));
        assertThat(ScenarioFile.load(root, "replica-lag").scenario().panels())
                .contains(new Scenario.PanelRef("firedrill-infra", "Replica lag (heartbeat)"));
    }

    @Test
    void anUnknownDashboardUidIsALoadErrorNamingIt(@TempDir Path dir) throws Exception {
        Path file = withPanel(dir, "{dashboard: firedrill-infr, title: \"Kafka consumer lag\"}");
        assertThatThrownBy(() -> ScenarioFile.load(root, "draft", file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("panel firedrill-infr/Kafka consumer lag: unknown dashboard uid 'firedrill-infr'");
    }

    @Test
    void anUnknownPanelTitleIsALoadErrorNamingIt(@TempDir Path dir) throws Exception {
        Path file = withPanel(dir, "{dashboard: firedrill-infra, title: \"Kafka lag\"}");
        assertThatThrownBy(() -> ScenarioFile.load(root, "draft", file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("panel firedrill-infra/Kafka lag: dashboard firedrill-infra has no panel titled 'Kafka lag'");
    }

    /** alert-path's file with its panels replaced by {@code panel}: everything else in it is valid. */
    private Path withPanel(Path dir, String panel) throws Exception {
        String yaml = Files.readString(ScenarioFile.scenariosDir(root).resolve("alert-path/scenario.yaml"));
        String replaced = yaml.replaceFirst("(?s)panels:\n(  - [^\n]*\n)+", "panels:\n  - " + java.util.regex.Matcher.quoteReplacement(panel) + "\n");
        assertThat(replaced).isNotEqualTo(yaml);
        assertThat(ScenarioFile.load(root, "draft", Files.writeString(dir.resolve("ok.yaml"), yaml))).isNotNull();
        return Files.writeString(dir.resolve("scenario.yaml"), replaced);
    }
}
