package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a project script (make target, shell script) for real in a scratch checkout whose collaborators are stand-ins. */
final class ScriptRuns {

    record Run(int exit, String output) {}

    /** Starts {@code builder} with stderr merged, waits up to 30 s, and returns its exit code and output. */
    static Run run(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** A stand-in that appends "name args" to {@code calls}, then runs {@code body}. */
    static void stub(Path file, Path calls, String name, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", List.of("#!/usr/bin/env bash",
                "echo \"" + name + " $*\" >> '" + calls + "'", body, "")));
        executable(file);
    }

    static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private ScriptRuns() {}
}
