package io.firedrill.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writing a benchmark's results ({@code OUTPUT.json} and {@code OUTPUT.md}), and saga.md from {@link SagaBenchmark}'s JSON. */
final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {}

    /** {@code output}.json (the result, indented) and {@code output}.md beside it. */
    static void write(Path output, Map<String, Object> result, String markdown) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(Path.of(output + ".json"), JSON.writeValueAsString(result) + "\n");
        Files.writeString(Path.of(output + ".md"), markdown);
    }

    private static String met(Object goal) {
        return Boolean.TRUE.equals(goal) ? "met" : "not met";
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder("# bench-saga: checkout saga throughput and latency\n\n");
        md.append("Measured by `make bench-saga` (").append(r.get("started")).append(", machine ").append(r.get("machine"))
                .append("). Each step offers checkouts at a constant rate for ").append(r.get("stepSeconds"))
                .append(" s (open model, checkout-only mix, no declining cards, stock far above demand). ")
                .append("Completed/s counts orders that reached COMPLETED during the step (order database); saga latency is "
                        + "POST to COMPLETED of the step's orders (created_at to the terminal update); CDC hop is outbox row "
                        + "written to consumer delivery (`firedrill_events_delivery_lag_seconds`); CPU is cores used per "
                        + "process (from /proc) over the step; the machine has 2 cores shared by every process.\n\n");
        Map<String, Object> ceiling = (Map<String, Object>) r.get("mariadbCommitCeiling");
        if (ceiling != null) {
            md.append("**MariaDB commit ceiling** of the same primary (single-row autocommit INSERT): ")
                    .append(ceiling.get("commitsPerSecond1Connection")).append(" commits/s with 1 connection, ")
                    .append(ceiling.get("commitsPerSecond8Connections")).append(" with 8 (innodb_flush_log_at_trx_commit=")
                    .append(ceiling.get("innodb_flush_log_at_trx_commit")).append(", sync_binlog=").append(ceiling.get("sync_binlog"))
                    .append("). A completed checkout commits about a dozen transactions across the services (outbox rows, "
                            + "processed_message rows, saga state), so this ceiling bounds the saga rate.\n\n");
        }
        md.append("| step | offered/s | completed/s | saga p50 ms | p95 | p99 | POST p99 ms | 503 refused | timeouts | "
                + "CDC hop p50 / p99 ms | drain s | left in flight | violations | CPU cores (total) | machine busy | RSS MiB |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> s : (List<Map<String, Object>>) r.getOrDefault("steps", List.of())) {
            Map<String, Object> saga = (Map<String, Object>) s.get("sagaMs");
            Map<String, Object> hop = (Map<String, Object>) s.get("cdcHopMs");
            Map<String, Object> post = (Map<String, Object>) s.get("postLatencyMs");
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s | %.0f%% | %s |%n",
                    s.getOrDefault("phase", "rising"), s.get("offeredPerSecond"), s.get("completedPerSecond"), saga.get("p50"),
                    saga.get("p95"), saga.get("p99"), post.get("p99"), s.getOrDefault("refused503", ""), s.getOrDefault("timeouts", ""),
                    hop.get("p50"), hop.get("p99"), s.get("drainSeconds"), s.get("leftInFlightAfterDrain"),
                    s.get("invariantViolations"),
                    ((Map<String, Object>) s.get("cpuCores")).get("total"), 100 * ((Number) s.get("machineCpuBusy")).doubleValue(),
                    ((Map<String, Object>) s.get("rssMiB")).get("total")));
        }
        md.append("\nOrders by outcome per step: ");
        for (Map<String, Object> s : (List<Map<String, Object>>) r.getOrDefault("steps", List.of())) {
            md.append(String.format(Locale.ROOT, "%s/s → %s; ", s.get("offeredPerSecond"), s.get("ordersByStatus")));
        }
        md.append("\n\n\"Left in flight\" counts sagas not finished 90 s after the step (a backlog: the step saturated "
                + "the system); violations count oversold units, orders charged twice and cancelled orders left charged.\n");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) r.getOrDefault("steps", List.of());
        List<?> skipped = (List<?>) r.get("skippedRates");
        if (skipped != null && !skipped.isEmpty()) {
            md.append("\nNot run: ").append(skipped).append(" checkouts/s (the step below already completed under half "
                    + "of what it offered, or left sagas in flight).\n");
        }
        if (!steps.isEmpty()) {
            md.append("\n## CPU per completed checkout (ms, from /proc, per process)\n\n| process |");
            Map<String, Object> first = (Map<String, Object>) steps.get(0).get("cpuMsPerCompletedCheckout");
            StringBuilder rule = new StringBuilder("|---|");
            for (Map<String, Object> s : steps) {
                md.append(" ").append(s.get("offeredPerSecond")).append("/s |");
                rule.append("---:|");
            }
            md.append("\n").append(rule).append("\n");
            for (String process : first.keySet()) {
                md.append("| ").append(process).append(" |");
                for (Map<String, Object> s : steps) {
                    md.append(" ").append(((Map<String, Object>) s.get("cpuMsPerCompletedCheckout")).getOrDefault(process, "")).append(" |");
                }
                md.append("\n");
            }
        }
        Map<String, Object> verdict = (Map<String, Object>) r.get("verdict");
        if (verdict != null) {
            md.append("\n## Against the goals\n\n").append(String.format(Locale.ROOT,
                    "- ≥ 250 completed checkouts/s sustained (no violation, nothing left in flight): best %s/s → **%s**%n"
                            + "- p99 ≤ 300 ms at half that rate (125/s): %s → **%s**%n"
                            + "- beside it, p99 at half of the best sustained rate (step %s/s): %s ms%n",
                    verdict.get("bestSustainedCompletedPerSecond"),
                    Boolean.TRUE.equals(verdict.get("throughputGoalMet")) ? "met" : "not met",
                    verdict.get("p99At125PerSecondMs"), Boolean.TRUE.equals(verdict.get("latencyGoalMet")) ? "met" : "not met",
                    verdict.get("halfOfBestSustainedStep"), verdict.get("p99AtHalfOfBestSustainedMs")));
            for (Map<String, Object> o : (List<Map<String, Object>>) verdict.getOrDefault("overload", List.of())) {
                md.append(String.format(Locale.ROOT, "- %s (%s/s offered): goodput %.0f%% of the best sustained (goal ≥ 90%%) → **%s**; "
                                + "%s timeouts → **%s**; POST p99 %s ms, admitted and refused (goal ≤ 50 ms) → **%s**; %s refused 503; "
                                + "admitted sagas p99 %s ms%n",
                        o.get("phase"), o.get("offeredPerSecond"), 100 * ((Number) o.get("goodputShareOfBest")).doubleValue(),
                        met(o.get("goodputMet")), o.get("timeouts"), met(o.get("noTimeoutsMet")), o.get("postP99Ms"),
                        met(o.get("postP99Within50MsMet")), o.get("refused503"), o.get("sagaP99Ms")));
            }
            if (verdict.containsKey("afterOverloadSagaP99Ms")) {
                md.append(String.format(Locale.ROOT, "- after the overload (half the best sustained rate): %s completed/s, saga p99 %s ms%n",
                        verdict.get("afterOverloadCompletedPerSecond"), verdict.get("afterOverloadSagaP99Ms")));
            }
        }
        Map<String, Object> profile = (Map<String, Object>) r.get("profile");
        if (profile != null && !profile.isEmpty()) {
            md.append("\n## Where the time goes (JFR CPU samples per service, step ").append(profile.get("offeredPerSecond"))
                    .append("/s)\n\nBy owner: the library of the leaf-most frame outside the JDK. By layer: share of samples "
                            + "with that layer anywhere on the stack (a sample counts for every layer it passes through).\n\n"
                            + "| service | samples | by owner (%) | by layer (%) | top leaf frames (%) |\n|---|---:|---|---|---|\n");
            profile.forEach((service, p) -> {
                if (p instanceof Map<?, ?> one) {
                    md.append("| ").append(service).append(" | ").append(one.get("samples")).append(" | ")
                            .append(one.get("byOwner")).append(" | ").append(one.get("byLayer")).append(" | ")
                            .append(one.get("topFrames")).append(" |\n");
                }
            });
        }
        return md.toString();
    }
}
