package io.firedrill.chaos.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboards of dashboards/json as the tools see them: panels by uid and title, units, queries, variables. */
class DashboardsTest {

    private final Dashboards dashboards = Dashboards.load(Dashboards.dir(StackLayout.locateProjectRoot(Path.of(""))));

    @Test
    void readsEveryDashboardWithItsPanelsUnitsAndQueries() {
        assertThat(dashboards.all()).extracting(Dashboards.Dashboard::uid).containsExactlyInAnyOrder("firedrill-checkout-flow",
                "firedrill-fulfillment-support", "firedrill-infra", "firedrill-notifications");
        Dashboards.Panel lag = dashboards.panel("firedrill-infra", "Replica lag (heartbeat)");
        assertThat(lag.unit()).isEqualTo("s");
        assertThat(lag.queries()).singleElement().satisfies(t -> {
            assertThat(t.expr()).isEqualTo("max by (service) (firedrill_replica_lag_seconds)");
            assertThat(t.legendFormat()).isEqualTo("{{service}}");
        });
        assertThat(dashboards.panel("firedrill-checkout-flow", "Checkout duration (POST to terminal status)").queries())
                .extracting(Dashboards.Target::refId).containsExactly("A", "B", "C");
        assertThat(dashboards.dashboard("firedrill-infra").orElseThrow().annotations()).isNotEmpty();
    }

    @Test
    void substitutesGrafanasIntervalsAndTheAllValueOfEachVariable() {
        Dashboards.Dashboard checkout = dashboards.dashboard("firedrill-checkout-flow").orElseThrow();
        assertThat(checkout.variables()).extracting(Dashboards.Variable::name).contains("tenant_region");
        String expr = "sum(rate(x{tenant_region=~\"$tenant_region\"}[$__rate_interval])) / ${__interval_ms} + y[${__range}] + z[$__interval]";
        assertThat(checkout.substitute(expr, Map.of("rate_interval", "8s", "interval", "2s", "interval_ms", "2000", "range", "150s")))
                .isEqualTo("sum(rate(x{tenant_region=~\".*\"}[8s])) / 2000 + y[150s] + z[2s]");
    }

    @Test
    void anUnknownDashboardOrPanelIsNamedWithWhatExists() {
        assertThat(dashboards.problem("firedrill-nope", "Replica lag (heartbeat)"))
                .contains("unknown dashboard uid 'firedrill-nope'").contains("firedrill-infra");
        assertThat(dashboards.problem("firedrill-infra", "Replica lagg"))
                .contains("dashboard firedrill-infra has no panel titled 'Replica lagg'").contains("'Replica lag (heartbeat)'");
        assertThat(dashboards.problem("firedrill-infra", "Replica lag (heartbeat)")).isNull();
        assertThatThrownBy(() -> dashboards.panel("firedrill-infra", "HTTP")).hasMessageContaining("has no PromQL query");
    }

    @Test
    void aUidUsedTwiceOrAFileWithoutOneIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"uid\": \"same\", \"panels\": []}");
        Files.writeString(dir.resolve("b.json"), "{\"uid\": \"same\", \"panels\": []}");
        assertThatThrownBy(() -> Dashboards.load(dir)).hasMessageContaining("dashboard uid 'same' is used by");
        Files.writeString(dir.resolve("b.json"), "{\"title\": \"no uid\"}");
        assertThatThrownBy(() -> Dashboards.load(dir)).hasMessageContaining("b.json has no dashboard uid");
    }
}
