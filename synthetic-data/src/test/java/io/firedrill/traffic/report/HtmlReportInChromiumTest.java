package io.firedrill.traffic.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.traffic.FakeShopAccess;
import io.firedrill.traffic.TrafficResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private static Path html;
    private static TrafficResult result;

    @BeforeAll
    static void runAndWriteReport(@TempDir Path dir) throws Exception {
        result = FakeShopAccess.shortShopRunWithMarker();
        html = ReportWriter.write(result, dir).html();
    }

    private static String chromium() {
        return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst().orElseGet(() -> {
                    org.junit.jupiter.api.Assumptions.assumeTrue("1".equals(System.getenv("FIREDRILL_SKIP_BROWSER_TESTS")) == false,
                            "browser tests skipped by FIREDRILL_SKIP_BROWSER_TESTS");
                    throw new AssertionError("headless Chromium is required for this test: apt-get install chromium "
                            + "(scripts/setup.sh installs it), or set FIREDRILL_SKIP_BROWSER_TESTS=1");
                });
    }

    private static String browse(Path userData, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(chromium());
        cmd.addAll(FLAGS);
        cmd.add("--user-data-dir=" + userData);
        cmd.addAll(List.of(extra));
        cmd.add(html.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void everyChartIsLaidOutByTheBrowser(@TempDir Path userData) throws Exception {
        String dom = browse(userData, "--dump-dom");

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
    void theScreenshotShowsTheChartLines(@TempDir Path userData) throws Exception {
        Path png = userData.resolveSibling(userData.getFileName() + "-shot.png");
        browse(userData, "--hide-scrollbars", "--window-size=1000,3000", "--screenshot=" + png);
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
