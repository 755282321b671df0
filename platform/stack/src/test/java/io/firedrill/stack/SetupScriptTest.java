package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * scripts/setup.sh without root and without sudo must not try apt-get. Missing packages the stack needs are named
 * with the apt-get line and fail it (exit 1); missing packages only tests and benchmarks need are a warning naming
 * them and what they are for (exit 0, so `make demo` goes on). Simulated with a PATH that holds only the shell
 * utilities the script uses plus stand-ins for the tools a test declares present, and, when the test runs as root,
 * by dropping to the unprivileged user "nobody".
 */
class SetupScriptTest {

    /** One tool of each required package (setup.sh also accepts /usr/sbin/mariadbd, so that one may not be hidden). */
    private static final List<String> REQUIRED_TOOLS = List.of("mariadbd", "mariadb", "prometheus", "promtool",
            "prometheus-alertmanager", "amtool", "perl", "java", "mvn");

    @TempDir
    Path bin;

    @Test
    void withoutRootItNamesTheMissingPackagesInsteadOfInstalling() throws Exception {
        Run run = setupWith(List.of());

        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(run.output)
                .contains("needs root")
                .contains("sudo apt-get install -y --no-install-recommends")
                .contains("prometheus-alertmanager")
                .contains("mariadb-client")
                .doesNotContain("setup: installing");
    }

    @Test
    void missingTestAndBenchmarkToolsAreAWarningThatNamesThemAndWhatNeedsThem() throws Exception {
        Run run = setupWith(REQUIRED_TOOLS);

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output)
                .contains("setup: warning: optional packages are missing")
                .contains("chromium fonts-liberation: headless browser check of the traffic HTML report")
                .contains("HtmlReportInChromiumTest")
                .contains("wrk: ").contains("make bench-traffic")
                .contains("python3: ")
                .contains("sudo apt-get install -y --no-install-recommends chromium fonts-liberation wrk python3")
                .doesNotContain("needs root")
                .doesNotContain("setup: installing");
    }

    @Test
    void missingRequiredPackagesFailEvenWhenOnlyOneIsMissingAndOptionalOnesAreStillNamed() throws Exception {
        Run run = setupWith(REQUIRED_TOOLS.stream().filter(tool -> !tool.equals("amtool")).toList());

        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(run.output)
                .contains("sudo apt-get install -y --no-install-recommends prometheus-alertmanager \n")
                .contains("optional packages are missing")
                .contains("chromium fonts-liberation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"chromium", "chromium-browser", "google-chrome"})
    void everyBrowserNameTheReportTestAcceptsCountsAsChromium(String browser) throws Exception {
        List<String> present = new ArrayList<>(REQUIRED_TOOLS);
        present.addAll(List.of(browser, "wrk", "python3"));

        Run run = setupWith(present);

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("setup: all system packages present").doesNotContain("warning");
    }

    @Test
    void setupScriptIsExecutable() throws IOException {
        Path script = StackLayout.locateProjectRoot(Path.of("")).resolve("scripts/setup.sh");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(Files.readString(script)).startsWith("#!/usr/bin/env bash");
    }

    private record Run(int exit, String output) {}

    /** Runs a copy of setup.sh as a non-root user with a PATH of the shell utilities and stand-ins for {@code present}. */
    private Run setupWith(List<String> present) throws Exception {
        // Only the shell utilities the script itself needs; no sudo, no apt-get.
        for (String tool : List.of("bash", "id", "awk", "tr", "env")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
        for (String tool : present) {
            Path stand = bin.resolve(tool);
            Files.writeString(stand, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(stand, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // A world-readable copy: the checkout itself may sit where "nobody" cannot read.
        Path script = bin.resolve("setup.sh");
        Files.copy(StackLayout.locateProjectRoot(Path.of("")).resolve("scripts/setup.sh"), script);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of("/usr/bin/env", "-i", "PATH=" + bin, "bash", script.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
