package io.firedrill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.stack.Endpoints;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.TrafficRun;
import io.firedrill.traffic.TrafficRunner;
import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.profile.Profiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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
 * {@code make soak}: the mixed workload (every operation of the shop, declining cards included) at half the saga's
 * sustained rate for 30 minutes against the running services, then what a long run shows and a short one hides:
 * alerts that fired besides Watchdog (a page nobody should get), RSS growth per process from minute 5 to the end,
 * ERROR log lines, business invariants, and how the tables grew (outbox and processed_message are purged by their
 * retention; orders and payments are the shop's own history).
 */
@Command(name = "firedrill-bench-soak", mixinStandardHelpOptions = true,
        description = "A long run of the mixed workload on the running services: false alerts, memory growth, errors, invariants.")
public final class SoakBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double RSS_GROWTH_GOAL = 0.10;

    @Option(names = "--rate", defaultValue = "6", description = "Arrivals per second (default ${DEFAULT-VALUE}: half of the "
            + "12/s the saga sustains in bench/results/saga.md).")
    double rate;

    @Option(names = "--duration", defaultValue = "30m", description = "Length of the run (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--rss-from", defaultValue = "5m", description = "RSS growth is measured from this point of the run to "
            + "its end, after the JVMs have warmed up (default ${DEFAULT-VALUE}).")
    String rssFrom;

    @Option(names = "--output", defaultValue = "bench/results/soak", description = "Writes OUTPUT.json and OUTPUT.md (default ${DEFAULT-VALUE}).")
    Path output;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Duration length = Probes.parseDuration(duration);
        Duration warm = Probes.parseDuration(rssFrom);
        if (warm.compareTo(length) >= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rss-from must be shorter than --duration");
        }
        StackLayout layout = StackLayout.defaults();
        Stack stack = new Stack(layout, out);
        List<String> down = Probes.servicesNotReady(stack);
        if (!down.isEmpty()) {
            System.err.println("firedrill-bench-soak: services not ready: " + String.join(", ", down) + "; run `make services-up` first");
            return 1;
        }
        Endpoints endpoints = stack.endpoints();
        Map<String, Long> pids = Probes.pids(stack);
        Map<Path, Long> logsAtStart = logSizes(layout);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "soak");
        result.put("started", Instant.now().toString());
        result.put("machine", Probes.machine());
        result.put("offeredPerSecond", rate);
        result.put("durationSeconds", length.toSeconds());
        result.put("rssFromMinute", warm.toMinutes());
        result.put("tablesAtStart", tables(endpoints));

        TrafficConfig config = TrafficConfig.builder(Profiles.constant(rate, length)).data(DataSpec.defaults())
                .targets(StackTargets.of(layout)).seed(42).runId("soak").completionTimeout(Duration.ofSeconds(60))
                .metricsPort(0).prometheusTargetsDir(layout.prometheusTargets()).build();
        Instant start = Instant.now();
        out.printf(Locale.ROOT, "== soak: mixed workload at %.1f/s for %d min%n", rate, length.toMinutes());
        List<Map<String, Object>> rssSeries = new ArrayList<>();
        Map<String, Object> rssWarm = null;
        TrafficResult traffic;
        try (TrafficRun run = TrafficRunner.start(config)) {
            Instant nextSample = start;
            while (!run.result().isDone()) {
                if (!Instant.now().isBefore(nextSample)) {
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("minute", Duration.between(start, Instant.now()).toMinutes());
                    sample.put("rssMiB", Probes.rssMiB(pids));
                    rssSeries.add(sample);
                    out.printf(Locale.ROOT, "   minute %d: RSS %s MiB in total%n", sample.get("minute"),
                            ((Map<?, ?>) sample.get("rssMiB")).get("total"));
                    nextSample = nextSample.plus(Duration.ofMinutes(1));
                }
                if (rssWarm == null && Duration.between(start, Instant.now()).compareTo(warm) >= 0) {
                    rssWarm = Probes.rssMiB(pids);
                }
                Thread.sleep(1_000);
            }
            traffic = run.result().join();
        }
        Instant end = Instant.now();
        Map<String, Object> rssEnd = Probes.rssMiB(pids);
        // The end of the run must not page either: give the alert rules a few evaluations past it.
        Thread.sleep(15_000);

        result.put("traffic", Map.of("verdict", traffic.verdict(), "sent", traffic.rates().sent(),
                "dropped", traffic.rates().dropped(), "operations", operations(traffic)));
        result.put("rssSeries", rssSeries);
        result.put("rssGrowth", rssGrowth(rssWarm, rssEnd));
        List<Map<String, Object>> alerts = alertsFired(endpoints, start);
        result.put("alertsFired", alerts);
        result.put("errorLogLines", errorLines(logsAtStart));
        try (Connection db = DriverManager.getConnection(endpoints.jdbcUrl("firedrill_order", false), endpoints.dbUser(),
                endpoints.dbPassword())) {
            Map<String, Object> invariants = Probes.invariants(db, start, end);
            result.put("invariants", invariants);
            result.put("invariantViolations", invariants.values().stream().mapToLong(v -> ((Number) v).longValue()).sum());
        }
        result.put("tablesAtEnd", tables(endpoints));
        result.put("finished", Instant.now().toString());
        result.put("verdict", verdict(result));
        BenchReport.write(output, result, markdown(result));
        out.println("results: " + output + ".json, " + output + ".md");
        return 0;
    }

    private static List<Map<String, Object>> operations(TrafficResult traffic) {
        List<Map<String, Object>> ops = new ArrayList<>();
        for (TrafficResult.OperationSummary o : traffic.operations()) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("operation", o.operation());
            op.put("count", o.count());
            op.put("errorRate", Probes.round2(o.errorRate()));
            op.put("p99Ms", o.latencyMs().p99());
            op.put("outcomes", o.outcomes());
            ops.add(op);
        }
        return ops;
    }

    /** Per process: RSS at the warm point, at the end, and the growth between them. */
    private static Map<String, Object> rssGrowth(Map<String, Object> warm, Map<String, Object> end) {
        Map<String, Object> growth = new LinkedHashMap<>();
        if (warm == null) {
            return growth;
        }
        end.forEach((process, mib) -> {
            Object before = warm.get(process);
            if (before instanceof Number b && mib instanceof Number a && b.longValue() > 0) {
                growth.put(process, Map.of("fromMiB", b.longValue(), "toMiB", a.longValue(),
                        "growth", Probes.round2((a.doubleValue() - b.doubleValue()) / b.doubleValue())));
            }
        });
        return growth;
    }

    /** Every alert but Watchdog that was firing at any moment since {@code start}, with its labels. */
    private static List<Map<String, Object>> alertsFired(Endpoints endpoints, Instant start) throws Exception {
        long seconds = Duration.between(start, Instant.now()).toSeconds() + 5;
        String query = "max_over_time(ALERTS{alertstate=\"firing\",alertname!=\"Watchdog\"}[" + seconds + "s])";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoints.prometheusUrl()
                + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("Prometheus did not answer the alert query: " + response.body());
        }
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (JsonNode series : body.path("data").path("result")) {
            Map<String, Object> labels = new LinkedHashMap<>();
            series.path("metric").fields().forEachRemaining(f -> {
                if (!f.getKey().equals("__name__") && !f.getKey().equals("alertstate")) {
                    labels.put(f.getKey(), f.getValue().asText());
                }
            });
            alerts.add(labels);
        }
        return alerts;
    }

    /** Sizes of the stack's log files now, so only what the run appends is read afterwards. */
    private static Map<Path, Long> logSizes(StackLayout layout) throws IOException {
        Map<Path, Long> sizes = new LinkedHashMap<>();
        try (var files = Files.walk(layout.home(), 2)) {
            files.filter(f -> f.getFileName().toString().endsWith(".log") && Files.isRegularFile(f))
                    .forEach(f -> sizes.put(f, f.toFile().length()));
        }
        return sizes;
    }

    /** ERROR lines each log got during the run (JSON lines with level ERROR, or plain lines with " ERROR "). */
    private static Map<String, Object> errorLines(Map<Path, Long> atStart) throws IOException {
        Map<String, Object> errors = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<Path, Long> log : atStart.entrySet()) {
            long count = 0;
            try (InputStream in = Files.newInputStream(log.getKey())) {
                in.skipNBytes(Math.min(log.getValue(), Files.size(log.getKey())));
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.contains("\"level\":\"ERROR\"") || line.contains(" ERROR ")) {
                        count++;
                    }
                }
            }
            if (count > 0) {
                errors.put(log.getKey().getFileName().toString(), count);
            }
            total += count;
        }
        errors.put("total", total);
        return errors;
    }

    /** Rows and bytes (data and indexes) of every table of the services' databases. */
    private static Map<String, Object> tables(Endpoints endpoints) throws Exception {
        Map<String, Object> tables = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl("", false), endpoints.dbUser(), endpoints.dbPassword());
             Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT CONCAT(table_schema, '.', table_name) FROM information_schema.tables "
                    + "WHERE table_schema LIKE 'firedrill\\_%' AND table_type = 'BASE TABLE' ORDER BY 1")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                long rows;
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + name)) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                tables.put(name, rows);
            }
        }
        return tables;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> verdict(Map<String, Object> r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("noAlertBesidesWatchdog", ((List<?>) r.get("alertsFired")).isEmpty());
        double worst = ((Map<String, Object>) r.get("rssGrowth")).entrySet().stream()
                .filter(e -> !e.getKey().equals("total"))
                .mapToDouble(e -> ((Number) ((Map<String, Object>) e.getValue()).get("growth")).doubleValue()).max().orElse(0);
        v.put("worstRssGrowth", Probes.round2(worst));
        v.put("rssGrowthWithinGoal", worst <= RSS_GROWTH_GOAL);
        v.put("noInvariantViolation", ((Number) r.get("invariantViolations")).longValue() == 0);
        v.put("errorLogLines", ((Map<String, Object>) r.get("errorLogLines")).get("total"));
        return v;
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        Map<String, Object> v = (Map<String, Object>) r.get("verdict");
        StringBuilder md = new StringBuilder("# Soak: the mixed workload for ").append(((Number) r.get("durationSeconds")).longValue() / 60)
                .append(" minutes\n\nMeasured by `make soak` (").append(r.get("started")).append(" to ").append(r.get("finished"))
                .append(", machine ").append(r.get("machine")).append("): every operation of the shop (checkouts with 5% "
                        + "declining cards, look-ups, support cases, preference changes) at ").append(r.get("offeredPerSecond"))
                .append(" arrivals/s, open model, against the running services. Alerts are every alert but Watchdog that was "
                        + "firing at any moment from the start to 15 s after the end (Prometheus `ALERTS`); RSS from /proc.\n\n");
        md.append("| goal | measured | |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| no alert besides Watchdog | %s | %s |%n", r.get("alertsFired"),
                yes(v.get("noAlertBesidesWatchdog"))));
        md.append(String.format(Locale.ROOT, "| RSS growth per process, minute %s to the end, ≤ 10%% | worst %.0f%% | %s |%n",
                r.get("rssFromMinute"), 100 * ((Number) v.get("worstRssGrowth")).doubleValue(), yes(v.get("rssGrowthWithinGoal"))));
        md.append(String.format(Locale.ROOT, "| invariant violations 0 | %s %s | %s |%n", r.get("invariantViolations"),
                r.get("invariants"), yes(v.get("noInvariantViolation"))));
        md.append(String.format(Locale.ROOT, "| ERROR log lines (reported) | %s | |%n%n", r.get("errorLogLines")));
        Map<String, Object> traffic = (Map<String, Object>) r.get("traffic");
        md.append("Traffic: verdict ").append(traffic.get("verdict")).append(", sent ").append(traffic.get("sent"))
                .append(", dropped ").append(traffic.get("dropped")).append(".\n\n| operation | count | error rate | p99 ms | outcomes |\n|---|---:|---:|---:|---|\n");
        for (Map<String, Object> op : (List<Map<String, Object>>) traffic.get("operations")) {
            md.append("| ").append(op.get("operation")).append(" | ").append(op.get("count")).append(" | ").append(op.get("errorRate"))
                    .append(" | ").append(op.get("p99Ms")).append(" | ").append(op.get("outcomes")).append(" |\n");
        }
        md.append("\n## RSS per process (MiB)\n\n| process | minute ").append(r.get("rssFromMinute"))
                .append(" | end | growth |\n|---|---:|---:|---:|\n");
        ((Map<String, Object>) r.get("rssGrowth")).forEach((process, g) -> {
            Map<String, Object> one = (Map<String, Object>) g;
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %+.0f%% |%n", process, one.get("fromMiB"), one.get("toMiB"),
                    100 * ((Number) one.get("growth")).doubleValue()));
        });
        md.append("\n## Tables (rows at the start → at the end)\n\n| table | start | end |\n|---|---:|---:|\n");
        Map<String, Object> before = (Map<String, Object>) r.get("tablesAtStart");
        ((Map<String, Object>) r.get("tablesAtEnd")).forEach((table, rows) ->
                md.append("| ").append(table).append(" | ").append(before.getOrDefault(table, "")).append(" | ").append(rows).append(" |\n"));
        md.append("\nThe outbox and processed_message tables are purged after their retention (24 h + 1 h for processed "
                + "messages, `firedrill.messaging.processed-message-retention`), so within a run of this length they only "
                + "grow; orders, payments and notifications are the shop's own history.\n");
        return md.toString();
    }

    private static String yes(Object met) {
        return Boolean.TRUE.equals(met) ? "met" : "**not met**";
    }
}
