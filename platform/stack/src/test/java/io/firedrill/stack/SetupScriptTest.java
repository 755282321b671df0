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

/**
 * scripts/setup.sh without root and without sudo must not try apt-get: it names the packages to install and
 * exits 1. Simulated with a PATH that hides the tools (so they count as missing) and, when the test runs as
 * root, by dropping to the unprivileged user "nobody".
 */
class SetupScriptTest {

    @TempDir
    Path bin;

    @Test
    void withoutRootItNamesTheMissingPackagesInsteadOfInstalling() throws Exception {
        // Only the shell utilities the script itself needs; none of the servers, no sudo, no apt-get.
        for (String tool : List.of("bash", "id", "awk", "tr", "env")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
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
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output)
                .contains("needs root")
                .contains("sudo apt-get install -y --no-install-recommends")
                .contains("prometheus-alertmanager")
                .contains("mariadb-client")
                .doesNotContain("setup: installing");
    }

    @Test
    void setupScriptIsExecutable() throws IOException {
        Path script = StackLayout.locateProjectRoot(Path.of("")).resolve("scripts/setup.sh");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(Files.readString(script)).startsWith("#!/usr/bin/env bash");
    }
}
