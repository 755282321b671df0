package io.firedrill.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded stack's counterpart of cAdvisor: CPU time, resident memory, threads and open files of every process the
 * stack started, read from {@code /proc} (a process with its descendants, as {@link ProcessCpu} counts them), and
 * rendered in Prometheus's text format with the component as a label. The alert sink serves it on its
 * {@code /metrics}, so Prometheus scrapes it with the rest and the Infra dashboard shows capacity and leaks where the
 * incidents are.
 */
public final class ProcessResources {

    private ProcessResources() {}

    /** One process (with its descendants) at one instant. */
    public record Usage(String component, long pid, double cpuSeconds, long rssBytes, long threads, long openFiles) {}

    /** The processes named by the run records in {@code runDir} (one {@code <component>.json} per started process). */
    public static Map<String, Long> recordedPids(Path runDir) {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (!Files.isDirectory(runDir)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(runDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .forEach(f -> RunRecord.read(f).ifPresent(r -> pids.put(r.component(), r.pid())));
        } catch (IOException e) {
            // A run directory being rewritten: no process this time, the next scrape reads it again.
        }
        return pids;
    }

    /** Reads one process and its live descendants now; empty when the process is gone. */
    public static Optional<Usage> read(String component, long pid) {
        long ticks = ProcessCpu.ticks(pid);
        if (ticks < 0) {
            return Optional.empty();
        }
        List<Long> all = withDescendants(pid);
        long rssKib = 0;
        long threads = 0;
        long files = 0;
        for (long p : all) {
            if (p != pid) {
                ticks += Math.max(0, ProcessCpu.ticks(p));
            }
            Map<String, Long> status = status(p);
            rssKib += status.getOrDefault("VmRSS", 0L);
            threads += status.getOrDefault("Threads", 0L);
            files += openFiles(p);
        }
        return Optional.of(new Usage(component, pid, ticks / (double) ProcessCpu.TICKS_PER_SECOND, rssKib * 1024, threads, files));
    }

    /**
     * {@code pid} and its descendants from {@code /proc/PID/task/TID/children}: it reads only this process tree, where
     * {@link ProcessHandle#descendants()} reads every process of the machine (for 15 processes every few seconds, that
     * walk was most of the sink's CPU). Falls back to ProcessHandle on a kernel without the children files.
     */
    static List<Long> withDescendants(long pid) {
        List<Long> all = new ArrayList<>(List.of(pid));
        for (int i = 0; i < all.size(); i++) {
            Path tasks = Path.of("/proc", Long.toString(all.get(i)), "task");
            try (Stream<Path> list = Files.list(tasks)) {
                for (Path task : list.toList()) {
                    Path children = task.resolve("children");
                    if (!Files.exists(children)) {
                        List<Long> fallback = new ArrayList<>(List.of(pid));
                        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(child -> fallback.add(child.pid())));
                        return fallback;
                    }
                    for (String child : Files.readString(children).trim().split("\\s+")) {
                        if (!child.isEmpty()) {
                            all.add(Long.parseLong(child));
                        }
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // The process or a thread ended between the listing and the read.
            }
        }
        return all;
    }

    /** The numeric fields of /proc/PID/status that matter here (VmRSS in KiB, Threads); empty when gone. */
    static Map<String, Long> status(long pid) {
        Map<String, Long> fields = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                int colon = line.indexOf(':');
                String key = colon < 0 ? "" : line.substring(0, colon);
                if (key.equals("VmRSS") || key.equals("Threads")) {
                    fields.put(key, Long.parseLong(line.substring(colon + 1).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The process ended between the listing and the read.
        }
        return fields;
    }

    private static long openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** Prometheus text exposition of {@code usages}: four families, one series per component. */
    public static String exposition(List<Usage> usages) {
        StringBuilder text = new StringBuilder();
        family(text, "firedrill_process_cpu_seconds_total", "counter",
                "CPU time (user + system) of a stack process and its children since it started.", usages,
                u -> String.format(Locale.ROOT, "%.2f", u.cpuSeconds()));
        family(text, "firedrill_process_resident_memory_bytes", "gauge",
                "Resident memory of a stack process and its children.", usages, u -> Long.toString(u.rssBytes()));
        family(text, "firedrill_process_threads", "gauge",
                "Threads of a stack process and its children.", usages, u -> Long.toString(u.threads()));
        family(text, "firedrill_process_open_fds", "gauge",
                "Open file descriptors (files, sockets, pipes) of a stack process and its children.", usages,
                u -> Long.toString(u.openFiles()));
        return text.toString();
    }

    private static void family(StringBuilder text, String name, String type, String help, List<Usage> usages,
                               java.util.function.Function<Usage, String> value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (Usage u : usages) {
            text.append(name).append("{component=\"").append(u.component()).append("\"} ").append(value.apply(u)).append('\n');
        }
    }
}
