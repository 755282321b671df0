package io.firedrill.drill.runbook;

import io.firedrill.drill.model.DrillRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a runbook section's {@code ```bash runnable} blocks as an operator would (bash -euo pipefail, from the directory
 * where the runbooks' {@code .firedrill/admin-token} resolves, default-block ports moved to the stack's block) and
 * records each: the command, its start and end, the exit code and the output (first 8,000 characters). A section with
 * no runnable block is an error, not an empty success.
 */
public final class AuditedExecutor {

    private static final Pattern DEFAULT_BLOCK_PORT = Pattern.compile("(?<![0-9])17([0-9]{3})(?![0-9])");
    /** Writes: an HTTP verb other than GET, or SQL that changes rows. A control drill counts these as false positives. */
    private static final Pattern WRITES = Pattern.compile(
            "(-X\\s*(PATCH|POST|PUT|DELETE))|(--request\\s+(PATCH|POST|PUT|DELETE))|\\b(UPDATE\\s+\\S+\\s+SET|DELETE\\s+FROM|INSERT\\s+INTO)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_OUTPUT = 8_000;

    private final Path workingDirectory;
    private final int portBase;
    private final long timeoutSeconds;

    public AuditedExecutor(Path workingDirectory, int portBase, long timeoutSeconds) {
        this.workingDirectory = workingDirectory;
        this.portBase = portBase;
        this.timeoutSeconds = timeoutSeconds;
    }

    public List<DrillRecord.CommandRun> run(RunbookSection section) {
        if (section.runnableBlocks().isEmpty()) {
            throw new IllegalArgumentException(section.ref() + " has no ```bash runnable block to run (read it: "
                    + "its commands are for a human, or it is not a procedure)");
        }
        boolean writingSection = section.anchor().contains("mitigation") || section.anchor().contains("rollback");
        List<DrillRecord.CommandRun> runs = new ArrayList<>();
        int block = 0;
        for (String command : section.runnableBlocks()) {
            block++;
            runs.add(runOne(section.ref(), block, command, writingSection || changesSettings(command)));
        }
        return runs;
    }

    /** True when the command writes: a non-GET HTTP call or SQL that changes rows. */
    public static boolean changesSettings(String command) {
        return WRITES.matcher(command).find();
    }

    private DrillRecord.CommandRun runOne(String ref, int block, String command, boolean changes) {
        Instant start = Instant.now();
        String script = DEFAULT_BLOCK_PORT.matcher(command).replaceAll(m -> Integer.toString(portBase + Integer.parseInt(m.group(1))));
        int exit;
        String output;
        try {
            Process process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] bytes = readWithTimeout(process);
            output = new String(bytes, StandardCharsets.UTF_8);
            exit = process.isAlive() ? -1 : process.exitValue();
            if (exit == -1) {
                process.destroyForcibly();
                output += "\n[timed out after " + timeoutSeconds + " s]";
            }
        } catch (IOException e) {
            exit = 127;
            output = "cannot run bash: " + e.getMessage();
        }
        if (output.length() > MAX_OUTPUT) {
            output = output.substring(0, MAX_OUTPUT) + "\n[... truncated]";
        }
        return new DrillRecord.CommandRun(ref, block, command.strip(), start, Instant.now(), exit, output, changes);
    }

    private byte[] readWithTimeout(Process process) throws IOException {
        var reader = new java.util.concurrent.CompletableFuture<byte[]>();
        Thread t = new Thread(() -> {
            try {
                reader.complete(process.getInputStream().readAllBytes());
            } catch (IOException e) {
                reader.complete(new byte[0]);
            }
        }, "runbook-output");
        t.setDaemon(true);
        t.start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return reader.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return new byte[0];
        }
    }
}
