package io.firedrill.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.stack.StackLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chart's copies of the alerting rules, the Alertmanager configuration and the dashboards are the sources'
 * (ChartFiles). {@code make helm-files} rewrites them: it runs this test with {@code -Dfiredrill.write-chart-files=true}.
 */
class ChartFilesTest {

    private final Path root = StackLayout.locateProjectRoot(Path.of("").toAbsolutePath());

    @Test
    void chartFilesAreTheRepositorysRulesAlertmanagerConfigAndDashboards() throws Exception {
        if (Boolean.getBoolean("firedrill.write-chart-files")) {
            ChartFiles.write(root);
        }
        assertThat(ChartFiles.current(root))
                .as("deploy/helm/firedrill/files is stale: run `make helm-files`")
                .isEqualTo(ChartFiles.expected(root));
    }

    @Test
    void alertmanagerConfigKeepsOnlyTheSinkReceiverWithTheProfilesTimings() {
        String demo = ChartFiles.expected(root).get(Path.of("files", "alertmanager", "demo.yml"));
        assertThat(demo)
                .contains("group_wait: 1s", "url: \"http://${FIREDRILL_ALERT_SINK}/api/notifications\"")
                .doesNotContain("slack_configs", "email_configs", "# @if", "${FIREDRILL_GROUP_WAIT}");
        String production = ChartFiles.expected(root).get(Path.of("files", "alertmanager", "production.yml"));
        assertThat(production).contains("group_wait: 30s", "repeat_interval: 4h");
    }

    @Test
    void everyRuleFileOfBothProfilesIsShipped() {
        assertThat(ChartFiles.expected(root).keySet().stream().filter(p -> p.startsWith(Path.of("files", "rules"))))
                .contains(Path.of("files", "rules", "demo", "saga.yml"), Path.of("files", "rules", "production", "saga.yml"));
    }
}
