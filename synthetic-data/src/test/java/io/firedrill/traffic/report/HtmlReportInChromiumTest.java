package io.firedrill.traffic.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.traffic.FakeShopAccess;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.testing.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone HTML report opened offline by headless Chromium (Debian package {@code chromium}): the browser
 * runs the report's script, which records how many series each chart laid out, and the screenshot shows the
 * chart colours. Set FIREDRILL_SKIP_BROWSER_TESTS=1 only on a machine that cannot have Chromium.
 */
class HtmlReportInChromiumTest {

    private static Path html;
    private static TrafficResult result;

    @BeforeAll
    static void runAndWriteReport(@TempDir Path dir) throws Exception {
        result = FakeShopAccess.shortShopRunWithMarker();
        html = ReportWriter.write(result, dir).html();
    }

    @Test
    void everyChartIsLaidOutByTheBrowser() throws Exception {
        String dom = HeadlessChromium.dumpDom(html);

        Matcher charts = Pattern.compile("<svg class=\"chart\" id=\"([a-z0-9_-]+)\"[^>]*data-rendered=\"(\\d+)\"").matcher(dom);
        List<String> ids = new ArrayList<>();
        while (charts.find()) {
            ids.add(charts.group(1));
            assertThat(Integer.parseInt(charts.group(2))).as("series drawn in %s", charts.group(1)).isPositive();
        }
        assertThat(ids).contains("chart-rate", "chart-errors", "chart-percentiles", "chart-latency-checkout_accepted",
                "chart-latency-checkout_completed", "chart-latency-order_lookup");
        Matcher summary = Pattern.compile("data-charts=\"(\\d+)/(\\d+)\"").matcher(dom);
        assertThat(summary.find()).as("the report's script ran").isTrue();
        assertThat(summary.group(1)).isEqualTo(summary.group(2)).isEqualTo(Integer.toString(ids.size()));
        assertThat(dom).contains("fault injected").contains("PASS");
    }

    @Test
    void theScreenshotShowsTheChartLines(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("shot.png");
        HeadlessChromium.browse(html, "--hide-scrollbars", "--window-size=1000,3000", "--screenshot=" + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        // Pixels of the p99 red (#d62728) and p50 green (#2ca02c) lines drawn in every latency chart, and of the
        // sent-rate blue (#1f77b4) legend swatch. The blue line itself may lie under the responses line when every
        // request was answered within its second, so it is not counted on.
        int blue = 0;
        int red = 0;
        int green = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                blue += near(rgb, 0x1f77b4) ? 1 : 0;
                red += near(rgb, 0xd62728) ? 1 : 0;
                green += near(rgb, 0x2ca02c) ? 1 : 0;
            }
        }
        assertThat(red).as("p99 red pixels").isGreaterThan(500);
        assertThat(green).as("p50 green pixels").isGreaterThan(500);
        assertThat(blue).as("sent-rate blue pixels (legend at least)").isGreaterThan(50);
        // Kept for a person to look at: target/traffic-report-screenshot.png and the report beside it.
        Files.copy(png, Path.of("target/traffic-report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(html, Path.of("target/traffic-report-sample.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(png);
    }

    private static boolean near(int rgb, int target) {
        int dr = ((rgb >> 16) & 0xFF) - ((target >> 16) & 0xFF);
        int dg = ((rgb >> 8) & 0xFF) - ((target >> 8) & 0xFF);
        int db = (rgb & 0xFF) - (target & 0xFF);
        return dr * dr + dg * dg + db * db < 40 * 40;
    }
}
