package io.firedrill.traffic.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens a standalone HTML report offline in headless Chromium (Debian package {@code chromium}, which
 * scripts/setup.sh installs), the one way the project's report tests look at what a person sees: the DOM after the
 * report's script ran, or a screenshot. Chromium is required: a machine that cannot have it sets
 * FIREDRILL_SKIP_BROWSER_TESTS=1, and the tests that need it are skipped instead of failing. Shared by the traffic,
 * chaos and drill report tests (this module's test-jar).
 */
public final class HeadlessChromium {

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private HeadlessChromium() {}

    /** The DOM of {@code html} once its scripts ran. */
    public static String dumpDom(Path html) throws IOException, InterruptedException {
        return browse(html, "--dump-dom");
    }

    /**
     * Runs Chromium on {@code html} with {@code extra} flags (e.g. {@code --screenshot=FILE}) in a fresh profile and
     * returns what it printed.
     */
    public static String browse(Path html, String... extra) throws IOException, InterruptedException {
        Path userData = Files.createTempDirectory("firedrill-chromium");
        List<String> cmd = new ArrayList<>();
        cmd.add(executable());
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

    private static String executable() {
        return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElseGet(() -> {
                    Assumptions.assumeFalse("1".equals(System.getenv("FIREDRILL_SKIP_BROWSER_TESTS")),
                            "browser tests skipped by FIREDRILL_SKIP_BROWSER_TESTS");
                    throw new AssertionError("headless Chromium is required for this test: apt-get install chromium "
                            + "(scripts/setup.sh installs it), or set FIREDRILL_SKIP_BROWSER_TESTS=1");
                });
    }
}
