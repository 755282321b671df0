package io.firedrill.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code firedrill-stack cpu}: the CPU every running process of the stack spends over a window, and the threads that
 * spend it (the same figures as {@code make bench-stack}'s idle table, on the stack as it runs now, idle or loaded).
 * It answers "what keeps this machine busy" without a profiler: a poll loop, the JIT, a scrape handler, a sweeper.
 */
@Command(name = "cpu", description = {"CPU of every running process of the stack over a window (utime + stime from /proc, "
        + "children included) and each one's busiest threads (thread names, digits as #).",
        "Busiest process first; exit 1 when nothing of the stack runs."})
final class CpuCommand implements Callable<Integer> {

    @CommandLine.ParentCommand StackCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--window", defaultValue = "30s", converter = StackBench.Seconds.class,
            description = "How long to measure (default ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--threads", defaultValue = "5", description = "Busiest thread groups shown per process (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        if (window.isZero() || window.isNegative() || threads < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--window must be positive and --threads not negative");
        }
        Stack stack = parent.stack();
        Map<String, Long> pids = new LinkedHashMap<>();
        List<ComponentStatus> rows = new ArrayList<>(stack.status());
        rows.addAll(stack.serviceStatus());
        rows.stream().filter(r -> r.pid() > 0).forEach(r -> pids.put(r.component(), r.pid()));
        if (pids.isEmpty()) {
            parent.err.println("firedrill-stack cpu: nothing of the stack runs (make up)");
            return 1;
        }
        parent.out.printf(Locale.ROOT, "measuring %d processes for %d s...%n", pids.size(), window.toSeconds());
        ProcessCpu.Sample before = ProcessCpu.sample(pids);
        ThreadCpu.Sample threadsBefore = ThreadCpu.sample(pids);
        Processes.sleep(window);
        ProcessCpu.Usage usage = ProcessCpu.usage(before, ProcessCpu.sample(pids));
        Map<String, Map<String, Double>> busiest = ThreadCpu.busiest(threadsBefore, ThreadCpu.sample(pids), threads);
        parent.out.print(table(usage, busiest));
        return 0;
    }

    static String table(ProcessCpu.Usage usage, Map<String, Map<String, Double>> busiest) {
        StringBuilder text = new StringBuilder(String.format("%-22s %7s  %s%n", "PROCESS", "CORES", "BUSIEST THREADS (ms of CPU per s)"));
        usage.cores().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(e -> {
            StringBuilder top = new StringBuilder();
            busiest.getOrDefault(e.getKey(), Map.of()).forEach((group, ms) ->
                    top.append(top.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f", group, ms)));
            text.append(String.format(Locale.ROOT, "%-22s %7.3f  %s%n", e.getKey(), e.getValue(), top));
        });
        text.append(String.format(Locale.ROOT, "%-22s %7.3f  over %.0f s%n", "total", usage.total(), usage.seconds()));
        return text.toString();
    }
}
