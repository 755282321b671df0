package io.firedrill.stack;

import static io.firedrill.stack.ScriptRuns.stub;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Makefile's `down` target run by real make in a scratch checkout: after `mvn clean` the CLI jar is gone, and
 * a stack whose run records are still there must be stopped anyway, by building the CLI first. mvn and
 * bin/firedrill-stack are stand-ins that record their calls (the stand-in mvn writes the jar, like a package).
 */
class MakeDownTargetTest {

    private static final String JAR = "platform/stack/target/firedrill-stack.jar";

    @TempDir
    Path checkout;

    private Path calls;

    @BeforeEach
    void scratchCheckout() throws IOException {
        calls = checkout.resolve("calls.log");
        Files.copy(StackLayout.locateProjectRoot(Path.of("")).resolve("Makefile"), checkout.resolve("Makefile"));
        stub(checkout.resolve("bin/firedrill-stack"), calls, "firedrill-stack", "exit 0");
        stub(checkout.resolve("tools/mvn"), calls, "mvn", "mkdir -p platform/stack/target && touch " + JAR);
    }

    @Test
    void downBuildsTheMissingCliAndStopsAStackThatHasRunRecords() throws Exception {
        Files.createDirectories(checkout.resolve(".firedrill/run"));
        Files.writeString(checkout.resolve(".firedrill/run/kafka.json"), "{\"component\":\"kafka\",\"pid\":4242}");

        ScriptRuns.Run run = makeDown();

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("nothing to stop");
        assertThat(Files.readAllLines(calls)).containsExactly(
                "mvn -q -DskipTests -pl platform/stack -am package", "firedrill-stack down");
    }

    @Test
    void downWithoutCliAndWithoutRunRecordsBuildsNothing() throws Exception {
        Files.createDirectories(checkout.resolve(".firedrill/kafka"));

        ScriptRuns.Run run = makeDown();

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("nothing built, nothing to stop");
        assertThat(calls).doesNotExist();
    }

    private ScriptRuns.Run makeDown() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("make", "--no-print-directory", "MVN=" + checkout.resolve("tools/mvn"), "down")
                .directory(checkout.toFile());
        builder.environment().remove("FIREDRILL_HOME");
        builder.environment().remove("MAKEFLAGS");
        return ScriptRuns.run(builder);
    }
}
