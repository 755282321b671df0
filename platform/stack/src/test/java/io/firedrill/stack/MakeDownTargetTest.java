package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        stub(checkout.resolve("bin/firedrill-stack"), "firedrill-stack", "exit 0");
        stub(checkout.resolve("tools/mvn"), "mvn", "mkdir -p platform/stack/target && touch " + JAR);
    }

    @Test
    void downBuildsTheMissingCliAndStopsAStackThatHasRunRecords() throws Exception {
        Files.createDirectories(checkout.resolve(".firedrill/run"));
        Files.writeString(checkout.resolve(".firedrill/run/kafka.json"), "{\"component\":\"kafka\",\"pid\":4242}");

        Run run = makeDown();

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).doesNotContain("nothing to stop");
        assertThat(Files.readAllLines(calls)).containsExactly(
                "mvn -q -DskipTests -pl platform/stack -am package", "firedrill-stack down");
    }

    @Test
    void downWithoutCliAndWithoutRunRecordsBuildsNothing() throws Exception {
        Files.createDirectories(checkout.resolve(".firedrill/kafka"));

        Run run = makeDown();

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("nothing built, nothing to stop");
        assertThat(calls).doesNotExist();
    }

    private record Run(int exit, String output) {}

    private Run makeDown() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("make", "--no-print-directory", "MVN=" + checkout.resolve("tools/mvn"), "down")
                .directory(checkout.toFile())
                .redirectErrorStream(true);
        builder.environment().remove("FIREDRILL_HOME");
        builder.environment().remove("MAKEFLAGS");
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
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
