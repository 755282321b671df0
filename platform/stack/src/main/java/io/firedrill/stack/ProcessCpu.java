package io.firedrill.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of named processes from {@code /proc/PID/stat} (utime + stime, in clock ticks), and what two samples of it
 * make: the ticks or cores each process spent in between. A process counts with its descendants, so a server that
 * forks helpers is charged for them.
 */
public final class ProcessCpu {

    /** USER_HZ, the unit of the times in /proc/PID/stat: 100 on every Linux kernel the stack runs on. */
    public static final int TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** One process at one instant: its own pid, and the ticks of that pid and of each live descendant. */
    public record Reading(long pid, Map<Long, Long> ticks) {}

    /** Readings of named processes at one instant ({@link System#nanoTime()}); a process gone at the time is absent. */
    public record Sample(long nanos, Map<String, Reading> readings) {}

    /** Cores each named process used between two samples (ticks / USER_HZ / seconds), and their sum. */
    public record Usage(double seconds, Map<String, Double> cores, double total) {}

    /** Reads every process of {@code pids} (name to pid) and its descendants now. */
    public static Sample sample(Map<String, Long> pids) {
        Map<String, Reading> readings = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            Map<Long, Long> ticks = new LinkedHashMap<>();
            long own = ticks(pid);
            if (own < 0) {
                return;
            }
            ticks.put(pid, own);
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(child -> {
                long t = ticks(child.pid());
                if (t >= 0) {
                    ticks.put(child.pid(), t);
                }
            }));
            readings.put(name, new Reading(pid, ticks));
        });
        return new Sample(System.nanoTime(), readings);
    }

    /** utime + stime of one process in clock ticks, or -1 when it is gone. */
    public static long ticks(long pid) {
        try {
            return parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * utime + stime (fields 14 and 15) from the text of /proc/PID/stat. The command name before them is in
     * parentheses and may itself hold spaces and parentheses, so the fields are counted from the last ')'.
     */
    static long parseTicks(String stat) {
        String[] f = fieldsAfterName(stat);
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The fields of a /proc/PID/stat text after the command name: state (field 3) first. */
    public static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    /**
     * Ticks each named process spent between two samples, with its descendants. A process counts only when the same
     * pid was read both times (a restarted one would be charged for time before the window). A descendant only in
     * the later sample started in between: all its ticks count. A descendant gone by then is left out: its last
     * ticks are unknown. Never negative.
     */
    public static Map<String, Long> ticksSpent(Sample before, Sample after) {
        Map<String, Long> spent = new LinkedHashMap<>();
        after.readings().forEach((name, later) -> {
            Reading earlier = before.readings().get(name);
            if (earlier == null || earlier.pid() != later.pid()) {
                return;
            }
            long sum = 0;
            for (Map.Entry<Long, Long> e : later.ticks().entrySet()) {
                sum += Math.max(0, e.getValue() - earlier.ticks().getOrDefault(e.getKey(), 0L));
            }
            spent.put(name, sum);
        });
        return spent;
    }

    /** Cores per named process between two samples, over the time that separates them. */
    public static Usage usage(Sample before, Sample after) {
        return usage(ticksSpent(before, after), (after.nanos() - before.nanos()) / 1e9);
    }

    /** Cores from ticks spent over {@code seconds}. */
    public static Usage usage(Map<String, Long> ticks, double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("a CPU window must last more than 0 s, got " + seconds);
        }
        Map<String, Double> cores = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Long> e : ticks.entrySet()) {
            double c = e.getValue() / (double) TICKS_PER_SECOND / seconds;
            cores.put(e.getKey(), c);
            total += c;
        }
        return new Usage(seconds, cores, total);
    }
}
