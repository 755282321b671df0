package io.firedrill.drill.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.chaos.dashboard.PanelData;
import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill's report charts its scenario's dashboard panels with the chaos reports' renderer: the fault window from the
 * drill's fault-on to fault-off, a page as an alert fired, its resolution, and "no data" for an empty panel.
 */
class DrillReportPanelsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theDrillReportChartsThePanelsWithTheFaultAndThePagesMarked(@TempDir Path dir) throws Exception {
        DrillRecord d = drill();

        DrillReports.write(d, dir);

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<section id=\"panels\">").contains("data-title=\"Kafka consumer lag\"");
        assertThat(html).containsOnlyOnce("<path class=\"series\"");
        assertThat(html).contains("<rect class=\"fault-window\"").contains("<title>fault on: fault injected (hidden)</title>");
        assertThat(html).contains("class=\"alert-fired\"").contains("KafkaConsumerLagHigh (page): lag is growing fired at 20.0 s")
                .contains("class=\"alert-resolved\"");
        assertThat(html).contains("class=\"panel-chart no-data\"").contains("<code>max(firedrill_replica_lag_seconds)</code>");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Panels")
                .contains("    - orders: min 0, max 88.2, last 0\n").contains("  - `max(firedrill_replica_lag_seconds)`: no data\n");
        // The record keeps the series, so the report can be drawn again from report.json.
        DrillRecord again = DrillFiles.read(dir.resolve("report.json"), DrillRecord.class);
        assertThat(DrillReports.html(again, DrillReports.postmortem(again))).isEqualTo(html);
    }

    private static DrillRecord drill() {
        DrillRecord d = new DrillRecord();
        d.id = "d-1";
        d.player = "ana";
        d.scenario = "broker-outage";
        d.startedAt = START;
        d.faultAt = START.plusSeconds(10);
        d.endedAt = START.plusSeconds(100);
        d.outcome = DrillRecord.Outcome.mitigated;
        d.mitigatedAt = START.plusSeconds(70);
        d.event(d.faultAt, "fault-on", "fault injected (hidden)");
        d.event(START.plusSeconds(30), "page", "KafkaConsumerLagHigh (page): lag is growing");
        d.event(START.plusSeconds(60), "fault-off", "rollbacks done");
        d.event(START.plusSeconds(80), "alert-resolved", "KafkaConsumerLagHigh (page)");
        List<double[]> lag = new ArrayList<>();
        for (int t = -30; t <= 100; t++) {
            lag.add(new double[] {START.getEpochSecond() + t, t > 10 && t < 60 ? (t - 10) * 1.8 : 0});
        }
        d.panels = List.of(
                new PanelData("firedrill-infra", "Kafka consumer lag", "short", START.minusSeconds(30), d.endedAt, 1,
                        List.of(new PanelData.Query("A", "sum by (topic) (firedrill:kafka_consumer_lag:sum)", null,
                                List.of(new PanelData.Series("orders", lag.toArray(double[][]::new))), 0))),
                new PanelData("firedrill-infra", "Replica lag (heartbeat)", "s", START.minusSeconds(30), d.endedAt, 1,
                        List.of(new PanelData.Query("A", "max(firedrill_replica_lag_seconds)", null, List.of(), 0))));
        return d;
    }
}
