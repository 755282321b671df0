package io.firedrill.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Starting detached server processes and finding, checking and stopping them by pid. */
public final class Processes {

    private Processes() {}

    /**
     * Perl (perl-base, Essential in Debian) puts the child in a process group of its own and becomes the command:
     * same pid, same session. Java's ProcessBuilder cannot call setpgid itself.
     */
    private static final List<String> OWN_PROCESS_GROUP =
            List.of("perl", "-e", "setpgrp(0, 0); exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\"", "--");

    /**
     * Starts {@code command} in a process group of its own, so a Ctrl-C on {@code make} (SIGINT to the terminal's
     * foreground group) or the end of the CLI's JVM does not take the server down, with stdout and stderr appended to
     * {@code log}. Not in a session of its own: Linux gives every session its own scheduling group (autogroup) and
     * shares the CPU equally between busy groups, so with one session per server each of the 15 processes got the same
     * slice however much work it had. order-service, which does the most per checkout, was capped first: at 12
     * checkouts/s the saga p99 was 5.3 s with a session per server and 0.74 s with all of them sharing the caller's
     * (bench-saga, same run), and a load generator started beside the stack got a fifteenth of the machine.
     */
    public static Process startDetached(List<String> command, Path workDir, Path log, Map<String, String> env)
            throws IOException {
        Files.createDirectories(log.getParent());
        List<String> full = new ArrayList<>(OWN_PROCESS_GROUP);
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // glibc gives each thread that allocates its own malloc arena (up to 8 per core, 64 MiB address space each): a
        // JVM with ~100 threads kept tens of MiB resident in half-empty arenas. Two are plenty for JVMs whose heap is
        // Java's; a component's own environment can still set another value.
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(env);
        Process process = builder.start();
        awaitExec(process, command.get(0));
        return process;
    }

    /**
     * Waits (at most a second) until the child runs {@code program}: {@code start()} can return while the child is still
     * the JDK's spawn helper, whose command line names no stack home, so a {@code down} or stray scan right after a
     * start would miss it (CI once failed on exactly that).
     */
    private static void awaitExec(Process process, String program) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            List<String> args = arguments(process.pid());
            if (!args.isEmpty() && args.get(0).equals(program)) {
                return;
            }
            sleep(Duration.ofMillis(5));
        }
    }

    /** Alive and not a zombie. */
    public static boolean isAlive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || stat.length() <= afterName + 2 || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** The command line of a live process, with NULs turned into spaces; empty if it is gone. */
    public static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The arguments of a live process (argv, program first); empty if it is gone. */
    public static List<String> arguments(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text = new String(raw, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Live processes, other than this one, whose arguments match: how strays of a stack home are found. */
    public static List<Long> findByArguments(Predicate<List<String>> matches) {
        List<Long> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(p -> {
            if (p.pid() != self && matches.test(arguments(p.pid())) && isAlive(p.pid())) {
                found.add(p.pid());
            }
        });
        return found;
    }

    /** Resident set size in KiB from /proc, or -1 if the process is gone. */
    public static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL; returns true when the process is gone. */
    public static boolean stop(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !isAlive(pid)) {
            return true;
        }
        handle.get().destroy();
        if (waitForExit(pid, grace)) {
            return true;
        }
        handle.get().destroyForcibly();
        return waitForExit(pid, Duration.ofSeconds(5));
    }

    public static void kill9(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    public static boolean waitForExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive(pid)) {
                return true;
            }
            sleep(Duration.ofMillis(50));
        }
        return !isAlive(pid);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
