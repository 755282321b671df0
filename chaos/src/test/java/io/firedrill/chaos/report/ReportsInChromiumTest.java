package io.firedrill.chaos.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.traffic.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chaos report.html written from a canned journal, opened offline by headless Chromium (Debian package
 * {@code chromium}) and its DOM read back: every panel is a chart the browser parsed, each chart with data has a
 * line with a non-empty path, and the panel without data is a "no data" box.
 */
class ReportsInChromiumTest {

    @Test
    void theBrowserShowsEveryPanelAsAChartWithLinesOrNoData(@TempDir Path dir) throws Exception {
        Reports.write(CannedRun.journal(), dir.resolve("report"));
        String dom = HeadlessChromium.dumpDom(dir.resolve("report/report.html"));

        assertThat(dom).contains("<section id=\"panels\">");
        Matcher figures = Pattern.compile("<figure class=\"panel\"[^>]*data-title=\"([^\"]+)\">(.*?)</figure>", Pattern.DOTALL).matcher(dom);
        List<String> withData = new ArrayList<>();
        List<String> noData = new ArrayList<>();
        while (figures.find()) {
            String figure = figures.group(2);
            assertThat(figure).as(figures.group(1)).contains("<svg").contains("<code>");
            if (figure.contains("class=\"panel-chart no-data\"")) {
                assertThat(figure).contains(">no data</text>").doesNotContain("<path");
                noData.add(figures.group(1));
                continue;
            }
            Matcher paths = Pattern.compile("<path class=\"series\"[^>]* d=\"([^\"]*)\"").matcher(figure);
            int lines = 0;
            while (paths.find()) {
                assertThat(paths.group(1)).as("path of " + figures.group(1)).matches("M[0-9.]+ [0-9.]+( L[0-9.]+ [0-9.]+)+");
                lines++;
            }
            assertThat(lines).as("lines in " + figures.group(1)).isPositive();
            assertThat(figure).contains("class=\"fault-window\"").contains("class=\"alert-fired\"");
            withData.add(figures.group(1));
        }
        assertThat(withData).containsExactly("Oversold units", "Confirm guard decisions", "Availability SLI error ratio (1h window)");
        assertThat(noData).containsExactly("Replica lag (heartbeat)", "Kafka consumer lag");
        // Kept for a person to look at.
        Files.copy(dir.resolve("report/report.html"), Path.of("target/chaos-report-panels-sample.html"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
