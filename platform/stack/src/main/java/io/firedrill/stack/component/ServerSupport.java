package io.firedrill.stack.component;

import io.firedrill.stack.StackException;
import io.firedrill.stack.StackLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Helpers shared by the components: JVM command lines, templates, one-shot tools, folder resets. */
public final class ServerSupport {

    private ServerSupport() {}

    /**
     * A JVM command line tuned for a 2-core machine running ~10 processes: SerialGC (no GC worker threads,
     * smallest footprint), a fixed heap cap per server, exit on OOM so {@code status} shows the server down
     * instead of a wedged one, and for light servers C1 only ({@code TieredStopAtLevel=1}: faster start,
     * less compiler memory; they never get hot enough for C2 to matter). The stack home is put on the
     * command line ({@link HomeFlag#JVM_PROPERTY}) so {@code down} can find strays by it.
     */
    public static List<String> java(StackLayout layout, String component, int heapMb, boolean lightServer) {
        return java(Path.of(System.getProperty("java.home"), "bin", "java").toString(), layout, component, heapMb, lightServer);
    }

    /** The same on another JDK's launcher (the services' {@link ServiceJdk}). */
    public static List<String> java(String launcher, StackLayout layout, String component, int heapMb, boolean lightServer) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher);
        cmd.add("-Xms" + Math.min(64, heapMb) + "m");
        cmd.add("-Xmx" + heapMb + "m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-Xss512k");
        // The JVM's statistics sampler (jstat's counters) wakes every 50 ms by default: 1.5 ms of CPU per second in
        // every idle JVM of the stack (ThreadCpu, "VM Periodic Task"), a dozen of them. Once a second keeps jstat and
        // jcmd working at a twentieth of the cost.
        cmd.add("-XX:PerfDataSamplingInterval=1000");
        if (lightServer) {
            cmd.add("-XX:TieredStopAtLevel=1");
        }
        cmd.add("-Dfiredrill.component=" + component);
        cmd.add(HomeFlag.JVM_PROPERTY.arg(layout.home()) + "/");
        return cmd;
    }

    /**
     * Snapshots the jars of {@code sources} into {@code <home>/<component>/lib}: dependency folders hard-linked,
     * the project's own jars copied. A running server then never reads from {@code target/}, so a rebuild or
     * {@code mvn clean} while the stack is up cannot pull a jar from under it.
     */
    public static void snapshotClasspath(StackLayout layout, String component, Path... sources) throws IOException {
        Path lib = libDir(layout, component);
        deleteRecursively(lib);
        Files.createDirectories(lib);
        for (Path source : sources) {
            if (!Files.exists(source)) {
                throw new StackException("missing " + source + ": build the project first (`make build`)");
            }
            if (Files.isDirectory(source)) {
                // Dependency jars: never rewritten in place, only deleted by `mvn clean`, which a hard link survives.
                List<Path> jars;
                try (Stream<Path> list = Files.list(source)) {
                    jars = list.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
                }
                for (Path jar : jars) {
                    Path target = lib.resolve(jar.getFileName());
                    try {
                        Files.createLink(target, jar);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(jar, target);
                    }
                }
            } else {
                // The project's own jars are rewritten in place by the next build: a hard link would share the
                // rewrite and break the running JVM (NoClassDefFoundError), so these are copied.
                Files.copy(source, lib.resolve(source.getFileName()));
            }
        }
    }

    /** The classpath {@link #snapshotClasspath} fills; fails early, naming what to build, if a source is missing. */
    public static String snapshotLib(StackLayout layout, String component, Path... sources) {
        for (Path source : sources) {
            if (!Files.exists(source)) {
                throw new StackException("missing " + source + ": build the project first (`make build`)");
            }
        }
        return libDir(layout, component).resolve("*").toString();
    }

    private static Path libDir(StackLayout layout, String component) {
        return layout.componentDir(component).resolve("lib");
    }

    /** Copies a template, replacing {@code ${KEY}} placeholders; an unknown placeholder is an error. */
    public static void render(Path template, Path target, Map<String, String> values) throws IOException {
        if (!Files.isRegularFile(template)) {
            throw new StackException("missing template " + template);
        }
        String text = Files.readString(template);
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        int left = text.indexOf("${FIREDRILL_");
        if (left >= 0) {
            throw new StackException(template + " has an unknown placeholder near: "
                    + text.substring(left, Math.min(text.length(), left + 40)));
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, text);
    }

    /** Runs a one-shot tool to completion; a non-zero exit is an error naming the tool's log. */
    public static void runTool(List<String> command, Path workDir, Path log, long timeoutSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new StackException(command.get(0) + " did not finish in " + timeoutSeconds + " s; see " + log);
        }
        if (process.exitValue() != 0) {
            // The log's tail goes into the message: a test's stack home (and its log) is deleted when the test ends.
            throw new StackException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                    + " failed with exit " + process.exitValue() + "; last log lines:\n" + logTail(log, 15).indent(4)
                    + "    (full log: " + log + ")");
        }
    }

    /** The last {@code lines} lines of a log, for error messages. */
    public static String logTail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log at " + file + ")";
        }
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** First executable of {@code names} found on the PATH, or an error telling how to install it. */
    public static String executable(String packageName, String... names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : names) {
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
            for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new StackException(names[0] + " not found: install the Debian package " + packageName
                + " (`make setup` does it)");
    }
}
