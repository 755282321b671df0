package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * dashboards/verify/VerifyDashboards.java (make verify-dashboards) against the stack's live Prometheus: it passes a
 * sound dashboard and fails, with a readable reason, a query Prometheus cannot parse and a query with no data. The
 * checker reads the dashboards with the chaos module's {@code Dashboards}, so it runs on this module's classpath.
 */
@ExtendWith(ServicesExtension.class)
class VerifyDashboardsTest {

    private static final Path CHECKER = Path.of("..", "dashboards", "verify", "VerifyDashboards.java");

    record Run(int exit, String output) {}

    @Test
    void passesADashboardWhoseQueriesAllReturnData(Firedrill firedrill, @TempDir Path dir) throws Exception {
        Run run = verify(firedrill, dir, "sum by (job) (up)", "up");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("verify-dashboards: PASS");
    }

    @Test
    void failsOnAQueryPrometheusCannotParse(Firedrill firedrill, @TempDir Path dir) throws Exception {
        Run run = verify(firedrill, dir, "up", "sum by (job (rate(up[1m]))");
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("FAIL").contains("bad_data").contains("Broken [B]").contains("verify-dashboards: FAIL");
    }

    @Test
    void failsOnAQueryWithoutDataUnlessTheAllowListGivesAReason(Firedrill firedrill, @TempDir Path dir) throws Exception {
        Run run = verify(firedrill, dir, "up", "sum(rate(firedrill_no_such_metric_total[$__rate_interval]))");
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("empty result where data must exist").contains("firedrill_no_such_metric_total[1m]");

        Files.writeString(dir.resolve("allow.txt"), "panel | test-dashboard/Broken | a series only faults create\n");
        Run allowed = verify(firedrill, dir, "up", "sum(rate(firedrill_no_such_metric_total[$__rate_interval]))");
        assertThat(allowed.exit()).as(allowed.output()).isZero();
        assertThat(allowed.output()).contains("EMPTY-OK").contains("a series only faults create");
    }

    /** One dashboard with two panels, "Sound" and "Broken", checked without the rules. */
    private static Run verify(Firedrill firedrill, Path dir, String sound, String broken) throws Exception {
        Path dashboards = Files.createDirectories(dir.resolve("json"));
        var panels = Firedrill.JSON.createArrayNode();
        int id = 1;
        for (String[] p : List.of(new String[] {"Sound", sound}, new String[] {"Broken", broken})) {
            var panel = panels.addObject().put("id", id++).put("type", "timeseries").put("title", p[0]);
            panel.putArray("targets").addObject().put("refId", p[0].equals("Sound") ? "A" : "B").put("expr", p[1]);
        }
        var dashboard = Firedrill.JSON.createObjectNode().put("uid", "test-dashboard").put("title", "test");
        dashboard.set("panels", panels);
        Files.writeString(dashboards.resolve("test.json"), Firedrill.JSON.writeValueAsString(dashboard));
        Path allow = dir.resolve("allow.txt");
        if (!Files.exists(allow)) {
            Files.writeString(allow, "# nothing allowed\n");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CHECKER.toString(), "--prometheus", firedrill.endpoints().prometheusUrl(),
                "--dashboards", dashboards.toString(), "--rules", "none", "--allow", allow.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("checker finished").isTrue();
        return new Run(process.exitValue(), output);
    }
}
