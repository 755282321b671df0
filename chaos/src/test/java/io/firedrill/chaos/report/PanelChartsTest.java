package io.firedrill.chaos.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.chaos.runner.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The panel charts of a report, drawn from a canned run: lines, fault window, alert markers, units, "no data". */
class PanelChartsTest {

    private final Journal journal = CannedRun.journal();
    private final String html = PanelCharts.html(journal.panels, journal.timeline, journal.start);

    @Test
    void drawsOneLinePerSeriesThroughEverySample() {
        List<String> paths = attributes(html, "<path class=\"series\"[^>]* d=\"([^\"]*)\"");
        assertThat(paths).hasSize(4); // oversold units, committed, rejected, SLI
        for (String d : paths) {
            assertThat(d).startsWith("M");
            // 151 samples, one a second, none missing: one segment through all of them
            assertThat(d.split(" L").length).isEqualTo(151);
        }
        assertThat(html).contains(">committed<title>committed</title>").contains(">rejected<");
    }

    @Test
    void shadesTheFaultWindowAndMarksTheAlertFiringAndResolving() {
        assertThat(count(html, "<rect class=\"fault-window\"")).isEqualTo(3); // one per chart with data
        assertThat(html).contains("<title>fault on: slow payments, guard off</title>");
        assertThat(count(html, "class=\"alert-fired\"")).isEqualTo(3);
        assertThat(count(html, "class=\"alert-resolved\"")).isEqualTo(3);
        assertThat(html).contains("<title>InventoryOversold fired at 35.0 s</title>").contains("<title>InventoryOversold resolved at 95.0 s</title>");
        // The fault window starts where the 20 s tick is: x of both from the same scale.
        Matcher rect = Pattern.compile("<rect class=\"fault-window\" x=\"([0-9.]+)\"").matcher(html);
        assertThat(rect.find()).isTrue();
        double x20 = 70 + (50.0 / 150) * (760 - 70);
        assertThat(Double.parseDouble(rect.group(1))).isCloseTo(x20, org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void yTicksAreInThePanelsUnitAndTheQueryIsUnderTheChart() {
        String sli = figure("Availability SLI error ratio (1h window)");
        assertThat(sli).contains(">4%</text>").contains(">0%</text>");
        assertThat(sli).contains("<code>max(slo:sli_error:ratio_rate1h{slo=&quot;checkout-availability&quot;})</code>");
        assertThat(figure("Confirm guard decisions")).contains(" ops/s</text>");
        assertThat(figure("Oversold units")).contains(">15</text>");
    }

    @Test
    void aPanelWithoutDataIsANoDataBoxWithItsQueryAndWhy() {
        String empty = figure("Replica lag (heartbeat)");
        assertThat(empty).contains("class=\"panel-chart no-data\"").contains(">no data</text>").contains("empty result")
                .contains("<code>max by (service) (firedrill_replica_lag_seconds)</code>").doesNotContain("<path");
        String refused = figure("Kafka consumer lag");
        assertThat(refused).contains(">no data</text>").contains("parse error: unclosed left parenthesis");
    }

    @Test
    void theMarkdownListsEachSeriesMinMaxAndLast() {
        String md = PanelCharts.markdown(journal.panels);
        assertThat(md).startsWith("\n## Panels\n");
        assertThat(md).contains("- **Oversold units** (dashboard `firedrill-checkout-flow`)")
                .contains("    - max(firedrill_inventory_oversold_units): min 0, max 12, last 12\n")
                .contains("    - (series): min 0.1%, max 4%, last 4%\n")
                .contains("  - `max by (service) (firedrill_replica_lag_seconds)`: no data\n")
                .contains(": no data (query failed (HTTP 400): 1:56: parse error: unclosed left parenthesis)");
    }

    @Test
    void theChaosReportCarriesThePanelsAndIsDrawnAgainFromItsJournal(@TempDir Path dir) throws Exception {
        Reports.write(journal, dir);
        String page = Files.readString(dir.resolve("report.html"));
        assertThat(count(page, "<figure class=\"panel\"")).isEqualTo(5);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Panels");

        Journal again = Reports.JSON.readValue(dir.resolve("journal.json").toFile(), Journal.class);
        assertThat(Reports.html(again).equals(page)).as("report.html drawn again from journal.json is the same").isTrue();
    }

    @Test
    void aRunWithoutPanelsHasNoPanelSection() {
        Journal bare = CannedRun.journal();
        bare.panels = List.of();
        assertThat(Reports.html(bare)).doesNotContain("id=\"panels\"");
        assertThat(Reports.markdown(bare)).doesNotContain("## Panels");
    }

    @Test
    void unitsReadAsGrafanaShowsThem() {
        assertThat(Units.format(0.25, "s")).isEqualTo("250 ms");
        assertThat(Units.format(42, "s")).isEqualTo("42 s");
        assertThat(Units.format(0.995, "percentunit")).isEqualTo("99.5%");
        assertThat(Units.format(3 * 1024 * 1024, "bytes")).isEqualTo("3 MiB");
        assertThat(Units.format(1500, "short")).isEqualTo("1.5 k");
        assertThat(Units.format(2.5, "reqps")).isEqualTo("2.5 req/s");
        assertThat(Units.format(7, null)).isEqualTo("7");
    }

    @Test
    void tickStepsAreRound() {
        assertThat(PanelCharts.niceStep(0.01)).isEqualTo(0.01);
        assertThat(PanelCharts.niceStep(3.1)).isEqualTo(5);
        assertThat(PanelCharts.niceStep(18.75)).isEqualTo(20);
        assertThat(PanelCharts.niceStep(21)).isEqualTo(25);
        assertThat(PanelCharts.niceStep(0)).isEqualTo(1);
    }

    private String figure(String title) {
        Matcher m = Pattern.compile("<figure class=\"panel\"[^>]*data-title=\"" + Pattern.quote(Reports.html(title)) + "\">.*?</figure>").matcher(html);
        assertThat(m.find()).as("figure " + title).isTrue();
        return m.group();
    }

    private static List<String> attributes(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }
}
