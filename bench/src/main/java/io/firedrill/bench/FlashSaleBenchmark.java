package io.firedrill.bench;

import io.firedrill.stack.Endpoints;
import io.firedrill.stack.ProcessCpu;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import io.firedrill.traffic.Operation;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.TrafficException;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.TrafficRun;
import io.firedrill.traffic.TrafficRunner;
import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.profile.Profiles;
import io.firedrill.traffic.report.ReportWriter;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make bench-flash-sale}: the seed's thundering herd on the running services. {@code --buyers} distinct
 * customers race for {@code --units} of one fresh SKU within {@code --window} (synthetic-data's flash-sale profile,
 * in-process). Reports how every buyer was answered (by HTTP status and problem type), how long the answers took, how
 * many units were sold and whether any was oversold, whether every completed saga is consistent across the services'
 * databases, how long until every saga of the run ended, and CPU and RSS per process. A bench reports: a missed goal
 * still exits 0.
 */
@Command(name = "firedrill-bench-flash-sale", mixinStandardHelpOptions = true,
        description = "Thundering herd: many buyers race for a few units of one SKU on the running services; goals met or not.")
public final class FlashSaleBenchmark implements Callable<Integer> {

    static final double GOAL_P99_MS = 2_000;
    static final long SEED = 42;
    private static final Pattern REJECTED = Pattern.compile("^firedrill_checkout_rejected_total\\{[^}]*reason=\"([^\"]+)\"[^}]*}\\s+(\\S+)");
    private static final String TERMINAL = "('COMPLETED', 'CANCELLED', 'COMPENSATION_FAILED')";
    /** The run's orders: every order with a line of the run's SKU (a fresh SKU per run). */
    private static final String RUN_ORDERS = "FROM orders o JOIN order_line l ON l.order_id = o.id AND l.sku = ?";

    @Option(names = "--buyers", defaultValue = "10000", description = "Distinct buyers in the herd (default ${DEFAULT-VALUE}).")
    int buyers;

    @Option(names = "--units", defaultValue = "100", description = "Units of the SKU on sale (default ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--window", defaultValue = "5s", description = "The sale window the herd arrives in, front-loaded "
            + "(default ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--output", defaultValue = "bench/results/flash-sale", description = "Writes OUTPUT.json and OUTPUT.md "
            + "(default ${DEFAULT-VALUE}).")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FlashSaleBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        StackLayout layout = StackLayout.defaults();
        String sku = "FLASH-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        TrafficConfig config = config(layout, sku);
        Stack stack = new Stack(layout, out);
        var down = Probes.servicesNotReady(stack);
        if (!down.isEmpty()) {
            System.err.println("firedrill-bench-flash-sale: services not ready: " + String.join(", ", down) + "; run `make services-up` first");
            return 1;
        }
        Endpoints endpoints = stack.endpoints();
        Map<String, Long> pids = Probes.pids(stack);
        URI orderMetrics = URI.create("http://127.0.0.1:" + layout.ports().management(0) + "/actuator/prometheus");

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "flash-sale");
        result.put("started", Instant.now().toString());
        result.put("machine", Probes.machine());
        result.put("sku", sku);
        result.put("buyers", buyers);
        result.put("units", units);
        result.put("windowSeconds", Probes.parseDuration(window).toMillis() / 1000.0);
        result.put("profile", config.profile().describe());
        result.put("seed", SEED);
        result.put("declineRatio", config.data().declineRatio());
        Optional<Map<String, Double>> rejectedBefore = scrapeRejected(orderMetrics);

        out.println("== " + config.profile().describe() + " for " + units + " units of " + sku);
        TrafficRun run;
        try {
            run = TrafficRunner.start(config); // checks the targets and loads the catalog, then the herd starts
        } catch (TrafficException e) {
            System.err.println("firedrill-bench-flash-sale: the traffic run could not start: " + e.getMessage());
            return 1;
        }
        ProcessCpu.Sample cpuBefore = ProcessCpu.sample(pids);
        long[] machineBefore = Probes.machineCpu();
        TrafficResult traffic = run.result().join();
        ProcessCpu.Sample cpuAfter = ProcessCpu.sample(pids);
        long[] machineAfter = Probes.machineCpu();
        Instant herdStart = Instant.parse(traffic.run().startedAt());
        Path trafficDir = layout.home().resolve("traffic").resolve(config.runId());
        ReportWriter.write(traffic, trafficDir);
        result.put("trafficReport", trafficDir.toString());
        Optional<Map<String, Double>> rejectedAfter = scrapeRejected(orderMetrics);

        TrafficResult.OperationSummary accepted = traffic.operation(Operation.CHECKOUT_ACCEPTED);
        Map<String, Long> rejected = rejectedBefore.isPresent() && rejectedAfter.isPresent()
                ? delta(rejectedBefore.get(), rejectedAfter.get()) : null;
        result.put("sent", traffic.rates().sent());
        result.put("answers", answers(accepted, rejected));
        result.put("orderServiceRefusals", rejected == null ? "order-service metrics unavailable" : rejected);
        result.put("answerMs", latency(accepted));
        result.put("generatorLateMs", Map.of("p50", traffic.rates().scheduleLagMs().p50(),
                "p99", traffic.rates().scheduleLagMs().p99(), "max", traffic.rates().scheduleLagMs().max()));
        result.put("generatorNice", Probes.niceness());
        result.put("flashSaleSummary", traffic.flashSale());
        try (Connection db = DriverManager.getConnection(endpoints.jdbcUrl("firedrill_order", false), endpoints.dbUser(), endpoints.dbPassword())) {
            result.put("sagas", sagas(db, sku, herdStart, Probes.parseDuration(window)));
            result.put("stock", stock(db, sku));
            result.put("consistency", consistency(db, sku));
        }
        result.put("cpuCores", Probes.cores(ProcessCpu.usage(cpuBefore, cpuAfter)));
        result.put("cpuSeconds", Probes.round((cpuAfter.nanos() - cpuBefore.nanos()) / 1e9));
        result.put("machineCpuBusy", Probes.round2(Probes.busy(machineBefore, machineAfter)));
        result.put("rssMiB", Probes.rssMiB(pids));
        result.put("finished", Instant.now().toString());
        result.put("goals", goals(result));
        BenchReport.write(output, result, FlashSaleReport.markdown(result));
        printGoals(result);
        out.println("results: " + output + ".json, " + output + ".md; traffic report: " + trafficDir);
        return 0;
    }

    private TrafficConfig config(StackLayout layout, String sku) {
        try {
            if (buyers < 1) {
                throw new IllegalArgumentException("--buyers must be 1 or more, got " + buyers);
            }
            if (units < 0) {
                throw new IllegalArgumentException("--units must be 0 or more, got " + units);
            }
            Duration windowLength;
            try {
                windowLength = Probes.parseDuration(window);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--window must be a duration like 5s, 500ms or 1m, got '" + window + "'");
            }
            if (windowLength.isZero() || windowLength.isNegative()) {
                throw new IllegalArgumentException("--window must be positive, got '" + window + "'");
            }
            // The traffic CLI's data defaults (seeded customers, catalog, 5% declining cards) with the hot SKU added.
            DataSpec data = DataSpec.defaults().withFlashSale(new DataSpec.FlashSale(sku, units, buyers));
            return TrafficConfig.builder(Profiles.flashSale(buyers, windowLength)).data(data).targets(StackTargets.of(layout)).seed(SEED)
                    .metricsPort(null).runId("bench-flash-sale-" + sku.toLowerCase(Locale.ROOT)).build();
        } catch (IllegalArgumentException e) { // the profile's and the traffic config's own limits too
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * How the buyers were answered at {@code POST /api/orders}. The traffic tool knows statuses and the business
     * reason of a 4xx; which 503s were the admission gate's ({@code overloaded}) comes from order-service's
     * {@code firedrill_checkout_rejected_total} over the run ({@code rejected}, null when it could not be read).
     */
    static Map<String, Object> answers(TrafficResult.OperationSummary accepted, Map<String, Long> rejected) {
        Map<String, Long> outcomes = accepted.outcomes();
        Map<String, Long> reasons = new LinkedHashMap<>(accepted.reasons());
        long ok = outcomes.getOrDefault("ok", 0L);
        long outOfStock = reasons.getOrDefault("OUT_OF_STOCK", 0L);
        long http503 = reasons.getOrDefault("http_503", 0L);
        long timeouts = outcomes.getOrDefault("timeout", 0L);
        long connectionErrors = outcomes.getOrDefault("connection_error", 0L);
        long dropped = outcomes.getOrDefault("dropped", 0L);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("buyers", accepted.count());
        a.put("answered", accepted.count() - timeouts - connectionErrors - dropped);
        a.put("accepted202", ok);
        a.put("outOfStock409", outOfStock);
        if (rejected != null) {
            long overloaded = Math.min(http503, rejected.getOrDefault("overloaded", 0L));
            a.put("overloaded503", overloaded);
            a.put("other503", http503 - overloaded);
        } else {
            a.put("overloaded503", null);
            a.put("other503", null);
            a.put("all503", http503);
        }
        long otherHttp = accepted.count() - ok - outOfStock - http503 - timeouts - connectionErrors - dropped;
        a.put("otherHttp", otherHttp);
        a.put("timeouts", timeouts);
        a.put("connectionErrors", connectionErrors);
        a.put("dropped", dropped);
        reasons.keySet().removeAll(java.util.List.of("OUT_OF_STOCK", "http_503", "timeout", "connect_failed", "io_error"));
        a.put("otherReasons", reasons);
        return a;
    }

    private static Map<String, Object> latency(TrafficResult.OperationSummary accepted) {
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("p50", accepted.latencyMs().p50());
        ms.put("p99", accepted.latencyMs().p99());
        ms.put("max", accepted.latencyMs().max());
        ms.put("serviceTimeP50", accepted.serviceTimeMs().p50());
        ms.put("serviceTimeP99", accepted.serviceTimeMs().p99());
        ms.put("serviceTimeMax", accepted.serviceTimeMs().max());
        return ms;
    }

    /** Counter values of firedrill_checkout_rejected_total by reason, from order-service's Prometheus exposition. */
    static Map<String, Double> rejectedByReason(String exposition) {
        Map<String, Double> byReason = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = REJECTED.matcher(line);
            if (m.find()) {
                byReason.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return byReason;
    }

    static Map<String, Long> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((reason, value) -> d.put(reason, Math.round(value - before.getOrDefault(reason, 0.0))));
        return d;
    }

    private static Optional<Map<String, Double>> scrapeRejected(URI uri) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(rejectedByReason(response.body())) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Waits (at most 2 minutes) until every order of the run is terminal; then the orders by status and reason, and
     * when the last one ended (its terminal update, written by order-service) after the herd's first arrival.
     */
    private static Map<String, Object> sagas(Connection db, String sku, Instant herdStart, Duration window) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        long inFlight;
        while ((inFlight = Probes.count(db, "SELECT COUNT(*) " + RUN_ORDERS + " WHERE o.status NOT IN " + TERMINAL, sku)) > 0
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("orders", Probes.count(db, "SELECT COUNT(*) " + RUN_ORDERS, sku));
        Map<String, Long> byStatus = new LinkedHashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT CONCAT(o.status, COALESCE(CONCAT(':', o.reason), '')), COUNT(*) "
                + RUN_ORDERS + " GROUP BY 1 ORDER BY 2 DESC")) {
            ps.setString(1, sku);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        s.put("byStatus", byStatus);
        s.put("leftInFlight", inFlight);
        long micros = Probes.count(db, "SELECT COALESCE(TIMESTAMPDIFF(MICROSECOND, ?, MAX(o.updated_at)), -1) " + RUN_ORDERS
                + " WHERE o.status IN " + TERMINAL, herdStart, sku);
        Double lastEnded = inFlight > 0 || micros < 0 ? null : Probes.round(micros / 1e6);
        s.put("allTerminalSecondsAfterFirstBuyer", lastEnded);
        s.put("allTerminalSecondsAfterWindow", lastEnded == null ? null : Probes.round(lastEnded - window.toMillis() / 1000.0));
        return s;
    }

    private static Map<String, Object> stock(Connection db, String sku) throws SQLException {
        Map<String, Object> s = new LinkedHashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT on_hand, reserved, committed FROM firedrill_inventory.stock WHERE sku = ?")) {
            ps.setString(1, sku);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    s.put("onHand", rs.getLong(1));
                    s.put("reserved", rs.getLong(2));
                    s.put("soldUnits", rs.getLong(3)); // committed
                    s.put("oversoldUnits", Math.max(0, rs.getLong(3) - rs.getLong(1)));
                    s.put("available", rs.getLong(1) - rs.getLong(2) - rs.getLong(3));
                }
            }
        }
        s.put("unitsInCompletedOrders", Probes.count(db, "SELECT COALESCE(SUM(l.quantity), 0) " + RUN_ORDERS
                + " WHERE o.status = 'COMPLETED'", sku));
        return s;
    }

    /** Orders of the run whose participants disagree with them; every figure should be 0. */
    private static Map<String, Object> consistency(Connection db, String sku) throws SQLException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("completedWithoutCommittedReservation", Probes.count(db, "SELECT COUNT(*) " + RUN_ORDERS + " WHERE o.status = 'COMPLETED' "
                + "AND NOT EXISTS (SELECT 1 FROM firedrill_inventory.reservation r WHERE r.order_id = o.id AND r.status = 'COMMITTED')", sku));
        c.put("completedWithoutAuthorizedPayment", Probes.count(db, "SELECT COUNT(*) " + RUN_ORDERS + " WHERE o.status = 'COMPLETED' "
                + "AND NOT EXISTS (SELECT 1 FROM firedrill_payment.payment p WHERE p.order_id = o.id AND p.status = 'AUTHORIZED')", sku));
        c.put("completedWithoutShipment", Probes.count(db, "SELECT COUNT(*) " + RUN_ORDERS + " WHERE o.status = 'COMPLETED' "
                + "AND NOT EXISTS (SELECT 1 FROM firedrill_shipment.shipment s WHERE s.order_id = o.id AND s.status = 'CREATED')", sku));
        c.put("cancelledButCharged", Probes.count(db, "SELECT COUNT(*) " + RUN_ORDERS + " WHERE o.status = 'CANCELLED' "
                + "AND EXISTS (SELECT 1 FROM firedrill_payment.payment p WHERE p.order_id = o.id AND p.status = 'AUTHORIZED')", sku));
        c.put("reservationCommittedForAnOrderNotCompleted", Probes.count(db, "SELECT COUNT(*) " + RUN_ORDERS + " WHERE o.status <> 'COMPLETED' "
                + "AND EXISTS (SELECT 1 FROM firedrill_inventory.reservation r WHERE r.order_id = o.id AND r.status = 'COMMITTED')", sku));
        c.put("chargedTwice", Probes.count(db, "SELECT COUNT(*) " + RUN_ORDERS + " WHERE (SELECT COUNT(*) FROM firedrill_payment.ledger_entry e "
                + "JOIN firedrill_payment.payment p ON p.id = e.payment_id WHERE p.order_id = o.id AND e.kind = 'AUTHORIZATION') > 1", sku));
        c.put("compensationFailed", Probes.count(db, "SELECT COUNT(*) " + RUN_ORDERS + " WHERE o.status = 'COMPENSATION_FAILED'", sku));
        return c;
    }

    /** The goals, each with its figure and met / not met. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> goals(Map<String, Object> r) {
        int units = ((Number) r.get("units")).intValue();
        Map<String, Object> answers = (Map<String, Object>) r.get("answers");
        Map<String, Object> stock = (Map<String, Object>) r.get("stock");
        Map<String, Object> consistency = (Map<String, Object>) r.get("consistency");
        Map<String, Object> goals = new LinkedHashMap<>();
        long unanswered = num(answers.get("timeouts")) + num(answers.get("connectionErrors")) + num(answers.get("dropped"));
        goals.put("everyBuyerAnswered", goal("0 timeouts, 0 dropped, 0 connection errors", String.format(Locale.ROOT,
                "%d of %d answered (%d timeouts, %d dropped, %d connection errors)", num(answers.get("answered")), num(answers.get("buyers")),
                num(answers.get("timeouts")), num(answers.get("dropped")), num(answers.get("connectionErrors"))), unanswered == 0));
        double p99 = ((Number) ((Map<String, Object>) r.get("answerMs")).get("p99")).doubleValue();
        goals.put("p99AnswerWithin2s", goal("p99 <= 2000 ms", String.format(Locale.ROOT, "%.1f ms", p99), p99 <= GOAL_P99_MS));
        Long sold = stock.get("soldUnits") == null ? null : num(stock.get("soldUnits"));
        long inCompleted = num(stock.get("unitsInCompletedOrders"));
        // A declined payment puts its unit back on sale; once the herd has gone nobody is left to buy it.
        Map<String, Object> byStatus = (Map<String, Object>) ((Map<String, Object>) r.get("sagas")).get("byStatus");
        long declined = num(byStatus.getOrDefault("CANCELLED:PAYMENT_DECLINED", 0L));
        long backOnSale = stock.get("available") == null ? 0 : Math.max(0, num(stock.get("available")));
        goals.put("everyUnitSold", goal(units + " units sold, or back on sale after a declined payment", String.format(Locale.ROOT,
                        "%s committed in inventory, %d in COMPLETED orders, %d back on sale (%d payments declined)",
                        sold == null ? "no stock row:" : sold, inCompleted, backOnSale, declined),
                sold != null && sold == inCompleted && sold + backOnSale == units && backOnSale <= declined));
        long oversold = stock.get("oversoldUnits") == null ? 0 : num(stock.get("oversoldUnits"));
        goals.put("noneOversold", goal("0 oversold", oversold + " oversold (committed beyond on hand)", sold != null && oversold == 0));
        long violations = consistency.values().stream().mapToLong(FlashSaleBenchmark::num).sum();
        goals.put("completedSagasConsistent", goal("0 inconsistent orders", violations == 0 ? "0" : violations + " " + nonZero(consistency),
                violations == 0));
        return goals;
    }

    private static Map<String, Object> goal(String goal, String actual, boolean met) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("goal", goal);
        g.put("actual", actual);
        g.put("met", met);
        return g;
    }

    private static Map<String, Object> nonZero(Map<String, Object> figures) {
        Map<String, Object> n = new LinkedHashMap<>();
        figures.forEach((k, v) -> {
            if (num(v) != 0) {
                n.put(k, v);
            }
        });
        return n;
    }

    private static long num(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    private void printGoals(Map<String, Object> result) {
        ((Map<String, Object>) result.get("goals")).forEach((name, g) -> {
            Map<String, Object> goal = (Map<String, Object>) g;
            out.printf(Locale.ROOT, "   %-26s %-8s %s (goal: %s)%n", name, Boolean.TRUE.equals(goal.get("met")) ? "met" : "NOT MET",
                    goal.get("actual"), goal.get("goal"));
        });
    }
}
