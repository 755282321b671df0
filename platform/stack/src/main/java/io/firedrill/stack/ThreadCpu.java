package io.firedrill.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a process's CPU goes, without a profiler: the time of each of its threads (and of its descendants' threads)
 * from {@code /proc/PID/task/TID/stat}, summed by thread name with digits replaced by {@code #} (the JVM's
 * {@code C2 CompilerThread0} and {@code C2 CompilerThread1} are one group; so are a pool's workers). The idle
 * benchmark reports the busiest groups per process, so a miss of the idle goal names the thread that burns it
 * (a poll loop, a sweeper, the JIT, a scrape handler).
 */
public final class ThreadCpu {

    private ThreadCpu() {}

    /** One thread at one instant: the group it belongs to and its utime + stime in clock ticks. */
    public record ThreadTicks(String group, long ticks) {}

    /** Every thread of each named process at one instant, by "pid/tid"; a process gone at the time is absent. */
    public record Sample(long nanos, Map<String, Map<String, ThreadTicks>> threads) {}

    /** Reads every thread of {@code pids} (name to pid) and of their descendants now. */
    public static Sample sample(Map<String, Long> pids) {
        Map<String, Map<String, ThreadTicks>> all = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            Map<String, ThreadTicks> threads = new LinkedHashMap<>();
            List<Long> processes = new ArrayList<>();
            processes.add(pid);
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(child -> processes.add(child.pid())));
            processes.forEach(p -> readThreads(p, threads));
            if (!threads.isEmpty()) {
                all.put(name, threads);
            }
        });
        return new Sample(System.nanoTime(), all);
    }

    private static void readThreads(long pid, Map<String, ThreadTicks> into) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            list.forEach(task -> {
                try {
                    into.put(pid + "/" + task.getFileName(), parse(Files.readString(task.resolve("stat"))));
                } catch (IOException | RuntimeException gone) {
                    // The thread ended between the listing and the read.
                }
            });
        } catch (IOException | RuntimeException gone) {
            // The process ended.
        }
    }

    /** The group (thread name, digits as #) and utime + stime of a /proc/PID/task/TID/stat text. */
    static ThreadTicks parse(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return new ThreadTicks(name.replaceAll("[0-9]+", "#"), ProcessCpu.parseTicks(stat));
    }

    /**
     * Milliseconds of CPU per second of the window spent by each thread group of each process between two samples,
     * busiest first, at most {@code limit} groups per process, groups that spent nothing left out. A thread only in the
     * later sample started during the window (all its ticks count); one gone by then is left out, as in
     * {@link ProcessCpu#ticksSpent}.
     */
    public static Map<String, Map<String, Double>> busiest(Sample before, Sample after, int limit) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("a CPU window must last more than 0 s, got " + seconds);
        }
        Map<String, Map<String, Double>> result = new LinkedHashMap<>();
        after.threads().forEach((process, later) -> {
            Map<String, ThreadTicks> earlier = before.threads().getOrDefault(process, Map.of());
            Map<String, Long> byGroup = new LinkedHashMap<>();
            later.forEach((id, t) -> {
                ThreadTicks then = earlier.get(id);
                long spent = then == null || !then.group().equals(t.group()) ? t.ticks() : t.ticks() - then.ticks();
                byGroup.merge(t.group(), Math.max(0, spent), Long::sum);
            });
            Map<String, Double> top = new LinkedHashMap<>();
            byGroup.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(limit)
                    .forEach(e -> top.put(e.getKey(), e.getValue() * 1000.0 / ProcessCpu.TICKS_PER_SECOND / seconds));
            result.put(process, top);
        });
        return result;
    }
}
