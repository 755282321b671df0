package io.firedrill.stack;

import static io.firedrill.stack.ScriptRuns.stub;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        ScriptRuns.executable(checkout.resolve("scripts/test.sh"));
        stub(checkout.resolve("scripts/check-alerting.sh"), calls, "check-alerting", "exit 0");
        stub(checkout.resolve("bin/firedrill-stack"), calls, "firedrill-stack",
                "if [[ $1 == down && ${FAKE_DOWN_EXIT:-0} != 0 ]]; then echo \"processes still running after down: [4242]\" >&2; "
                        + "exit \"$FAKE_DOWN_EXIT\"; fi");
        stub(checkout.resolve("tools/mvn"), calls, "mvn",
                "for a in \"$@\"; do if [[ $a == verify ]]; then exit \"${FAKE_VERIFY_EXIT:-0}\"; fi; done");
    }

    @Test
    void downLeavingProcessesBehindFailsARunWhoseTestsPassed() throws Exception {
        ScriptRuns.Run run = testSh(Map.of("FAKE_DOWN_EXIT", "1"));

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("processes left behind");
        assertThat(Files.readAllLines(calls)).contains("mvn -B -ntp verify", "firedrill-stack down");
    }

    @Test
    void testFailureKeepsItsExitCodeWhenDownFailsToo() throws Exception {
        ScriptRuns.Run run = testSh(Map.of("FAKE_VERIFY_EXIT", "3", "FAKE_DOWN_EXIT", "1"));

        assertThat(run.exit()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("processes left behind");
        assertThat(Files.readAllLines(calls)).contains("firedrill-stack down").doesNotContain("firedrill-stack smoke");
    }

    @Test
    void cleanDownAfterPassingTestsExitsZero() throws Exception {
        ScriptRuns.Run run = testSh(Map.of());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("processes left behind");
        assertThat(Files.readAllLines(calls)).endsWith("firedrill-stack smoke", "firedrill-stack down");
    }

    private ScriptRuns.Run testSh(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", checkout.resolve("scripts/test.sh").toString());
        builder.environment().put("PATH", checkout.resolve("tools") + ":/usr/bin:/bin");
        builder.environment().putAll(env);
        return ScriptRuns.run(builder);
    }
}
