package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/test.sh (`make test`, CI) run for real in a scratch checkout whose collaborators are stand-ins: mvn,
 * scripts/check-alerting.sh and bin/firedrill-stack record their calls and exit with the code a test asks for.
 * A `down` that leaves processes behind must fail the run, without hiding a test failure's exit code.
 */
class MakeTestScriptTest {

    @TempDir
    Path checkout;

    private Path calls;

    @BeforeEach
    void scratchCheckout() throws IOException {
        calls = checkout.resolve("calls.log");
        Files.createDirectories(checkout.resolve("scripts"));
        Files.copy(StackLayout.locateProjectRoot(Path.of("")).resolve("scripts/test.sh"), checkout.resolve("scripts/test.sh"));
        executable(checkout.resolve("scripts/test.sh"));
        stub(checkout.resolve("scripts/check-alerting.sh"), "check-alerting", "exit 0");
        stub(checkout.resolve("bin/firedrill-stack"), "firedrill-stack",
                "if [[ $1 == down && ${FAKE_DOWN_EXIT:-0} != 0 ]]; then echo \"processes still running after down: [4242]\" >&2; "
                        + "exit \"$FAKE_DOWN_EXIT\"; fi");
        stub(checkout.resolve("tools/mvn"), "mvn",
                "for a in \"$@\"; do if [[ $a == verify ]]; then exit \"${FAKE_VERIFY_EXIT:-0}\"; fi; done");
    }

    @Test
    void downLeavingProcessesBehindFailsARunWhoseTestsPassed() throws Exception {
        Run run = testSh(Map.of("FAKE_DOWN_EXIT", "1"));

        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(run.output).contains("processes left behind");
        assertThat(Files.readAllLines(calls)).contains("mvn -B -ntp verify", "firedrill-stack down");
    }

    @Test
    void testFailureKeepsItsExitCodeWhenDownFailsToo() throws Exception {
        Run run = testSh(Map.of("FAKE_VERIFY_EXIT", "3", "FAKE_DOWN_EXIT", "1"));

        assertThat(run.exit).as(run.output).isEqualTo(3);
        assertThat(run.output).contains("processes left behind");
        assertThat(Files.readAllLines(calls)).contains("firedrill-stack down").doesNotContain("firedrill-stack smoke");
    }

    @Test
    void cleanDownAfterPassingTestsExitsZero() throws Exception {
        Run run = testSh(Map.of());

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).doesNotContain("processes left behind");
        assertThat(Files.readAllLines(calls)).endsWith("firedrill-stack smoke", "firedrill-stack down");
    }

    private record Run(int exit, String output) {}

    private Run testSh(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", checkout.resolve("scripts/test.sh").toString())
                .redirectErrorStream(true);
        builder.environment().put("PATH", checkout.resolve("tools") + ":/usr/bin:/bin");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** A stand-in that appends "name args" to calls.log, then runs {@code body}. */
    private void stub(Path file, String name, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", List.of("#!/usr/bin/env bash",
                "echo \"" + name + " $*\" >> '" + calls + "'", body, "")));
        executable(file);
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
