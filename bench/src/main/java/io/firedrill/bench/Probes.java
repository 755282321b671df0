package io.firedrill.bench;

import io.firedrill.stack.ComponentStatus;
import io.firedrill.stack.ProcessCpu;
import io.firedrill.stack.Processes;
import io.firedrill.stack.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the benchmarks read beside their traffic: processes of the stack (/proc), the machine, the databases. */
final class Probes {

    /** How the services write DATETIME(6) columns: UTC text (see order-service's SqlTime). */
    static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private Probes() {}

    /**
     * Services not running or whose readiness probe does not answer UP, unbuilt ones included: a benchmark refuses to
     * start while any is listed (with none started, it would otherwise load whatever listens on the ports).
     */
    static List<String> servicesNotReady(Stack stack) {
        java.util.Set<String> ready = new java.util.HashSet<>();
        stack.serviceStatus().stream().filter(ComponentStatus::healthy).forEach(s -> ready.add(s.component()));
        return stack.serviceNames().stream().filter(name -> !ready.contains(name)).toList();
    }

    /** Pid of every running process of the stack: the services, then the infrastructure. */
    static Map<String, Long> pids(Stack stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        stack.serviceStatus().stream().filter(s -> s.pid() > 0).forEach(s -> pids.put(s.component(), s.pid()));
        stack.status().stream().filter(s -> s.pid() > 0).forEach(s -> pids.put(s.component(), s.pid()));
        return pids;
    }

    /** Cores per process and {@code total}, two decimals, the shape of {@code cpuCores} in the results. */
    static Map<String, Object> cores(ProcessCpu.Usage usage) {
        Map<String, Object> cores = new LinkedHashMap<>();
        usage.cores().forEach((name, c) -> cores.put(name, round2(c)));
        cores.put("total", round2(usage.total()));
        return cores;
    }

    /** RSS per process in MiB and {@code total}; a process gone has no row. */
    static Map<String, Object> rssMiB(Map<String, Long> pids) {
        Map<String, Object> rss = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            long kib = Processes.rssKib(e.getValue());
            if (kib >= 0) {
                rss.put(e.getKey(), kib / 1024);
                total += kib;
            }
        }
        rss.put("total", total / 1024);
        return rss;
    }

    /** Busy and total jiffies of the whole machine from /proc/stat. */
    static long[] machineCpu() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }

    /** Share of the machine's CPU time that was busy between two {@link #machineCpu()} readings. */
    static double busy(long[] before, long[] after) {
        return (after[0] - before[0]) / (double) Math.max(1, after[1] - before[1]);
    }

    /** This process's nice value (/proc/self/stat), or null where there is no /proc. */
    static Integer niceness() {
        try {
            return Integer.parseInt(ProcessCpu.fieldsAfterName(Files.readString(Path.of("/proc/self/stat")))[16]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.version"));
        try {
            m.put("loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException ignored) {
            // not Linux
        }
        return m;
    }

    /** A single number from {@code sql}; each {@code ?} is bound to the next instant, as the services store it. */
    static long count(Connection db, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i] instanceof Instant t ? SQL_TIME.format(t) : params[i].toString());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The business invariants, on a connection to the order database: units committed beyond stock (all SKUs), orders
     * charged twice, and orders placed in [{@code from}, {@code to}] that ended CANCELLED while their payment stays
     * AUTHORIZED.
     */
    static Map<String, Object> invariants(Connection orderDb, Instant from, Instant to) throws SQLException {
        Map<String, Object> invariants = new LinkedHashMap<>();
        invariants.put("oversoldUnits", count(orderDb, "SELECT COALESCE(SUM(GREATEST(committed - on_hand, 0)), 0) FROM firedrill_inventory.stock"));
        invariants.put("ordersChargedTwice", count(orderDb, "SELECT COUNT(*) FROM (SELECT p.order_id FROM firedrill_payment.ledger_entry l "
                + "JOIN firedrill_payment.payment p ON p.id = l.payment_id WHERE l.kind = 'AUTHORIZATION' GROUP BY p.order_id "
                + "HAVING COUNT(*) > 1) twice"));
        invariants.put("cancelledButCharged", count(orderDb, "SELECT COUNT(*) FROM orders o JOIN firedrill_payment.payment p ON p.order_id = o.id "
                + "WHERE o.status = 'CANCELLED' AND p.status = 'AUTHORIZED' AND o.created_at BETWEEN ? AND ?", from, to));
        return invariants;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** 90, 90s, 2m, 500ms. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t));
    }
}
