package io.firedrill.traffic.cli;

import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Targets;
import io.firedrill.traffic.Threshold;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.TrafficRun;
import io.firedrill.traffic.TrafficRunner;
import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.profile.LoadProfile;
import io.firedrill.traffic.profile.Profiles;
import io.firedrill.traffic.report.ReportWriter;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: its options, the {@link TrafficConfig} they make, and the run itself with its reports and summary. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run synthetic traffic against the Firedrill services and write traffic.json, traffic.md and "
                + "traffic.html.",
                "Before the first arrival the targets are checked (fails fast when one is unreachable) and the seeded "
                        + "catalog is loaded into inventory-service (POST /admin/catalog on its management port, with the stack's "
                        + "admin token).",
                "Operations measured: checkout_accepted (POST /api/orders), checkout_completed (until GET /api/orders/{id} "
                        + "is COMPLETED or CANCELLED; PAYMENT_DECLINED/OUT_OF_STOCK count as business declines), "
                        + "order_lookup, customer_orders, stock_lookup, support_cancel, notification_preferences.",
                "Outcomes: ok, business_decline, client_error (4xx), server_error (5xx), timeout, connection_error, "
                        + "saga_failed, dropped (in-flight bound reached).",
                "",
                "Examples:",
                "  run --profile constant --rate 50 --duration 2m --p99 300ms --max-error-rate 1%%",
                "  run --profile flash-sale --buyers 10000 --units 100 --duration 5s",
                "  run --profile spike --rate 20 --spike-factor 10 --duration 60s --seed 7",
                "  run --url http://127.0.0.1:8080/health --rate 500 --duration 10s",
                ""})
final class RunCommand implements Callable<Integer> {
    @Mixin ProfileOptions profile = new ProfileOptions();
    @Mixin DataOptions data = new DataOptions();

    // Defaults follow FIREDRILL_PORT_BASE (Targets.defaults()), like every other tool of the stack.
    @Option(names = "--order-url", description = "order-service base URL. Default: http://127.0.0.1:<port base + 101>.")
    URI orderUrl = Targets.defaults().orderService();

    @Option(names = "--inventory-url", description = "inventory-service base URL. Default: http://127.0.0.1:<port base + 102>.")
    URI inventoryUrl = Targets.defaults().inventoryService();

    @Option(names = "--notification-url", description = "notification-service base URL. Default: "
            + "http://127.0.0.1:<port base + 105>.")
    URI notificationUrl = Targets.defaults().notificationService();

    @Option(names = "--payment-url", description = "payment-service base URL, where customers tokenize their cards "
            + "before checking out. Default: http://127.0.0.1:<port base + 103>.")
    URI paymentUrl = Targets.defaults().paymentService();

    @Option(names = "--inventory-admin-url", description = "inventory-service's management port, where the run loads "
            + "its catalog (POST /admin/catalog, admin token). Default: http://127.0.0.1:<port base + 202>.")
    URI inventoryAdminUrl = Targets.defaults().inventoryAdmin();

    @Option(names = "--admin-token-file", description = "File holding the admin token for loading the catalog. "
            + "Default: $FIREDRILL_ADMIN_TOKEN, else <FIREDRILL_HOME, default .firedrill>/admin-token.")
    Path adminTokenFile;

    @Option(names = "--url", description = "Instead of the shop workload, GET this one URL at every arrival (operation "
            + "'request'); no catalog is loaded.")
    URI url;

    @Option(names = "--max-in-flight", description = "Bound on requests sent or waiting for a connection; an arrival due "
            + "while it is reached is dropped and counted. Default: " + LoadProfile.DEFAULT_MAX_IN_FLIGHT + "; flash-sale: "
            + "--buyers (the whole herd may be out at once), at most " + Profiles.MAX_HERD_IN_FLIGHT + ".")
    Integer maxInFlight;

    @Option(names = "--max-connections", defaultValue = "500", description = "Keep-alive connections per target service; a "
            + "request due while all are busy waits for one, and the wait counts in its latency. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--timeout", defaultValue = "5s", converter = SecondsDuration.class, description = "Per-request timeout. "
            + "Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--poll-interval", defaultValue = "200ms", converter = LatencyDuration.class, description = "Shortest spacing "
            + "of the polls of an accepted checkout's status; later polls are a tenth of the checkout's age apart (at most "
            + "2 s), so a slow saga is not slowed further by its observer. End-to-end latency is exact to the larger of "
            + "this and 10%%. Default: ${DEFAULT-VALUE}.")
    Duration pollInterval;

    @Option(names = "--completion-timeout", defaultValue = "30s", converter = SecondsDuration.class, description = "A checkout"
            + " not COMPLETED/CANCELLED this long after acceptance counts as a timeout. Default: ${DEFAULT-VALUE}.")
    Duration completionTimeout;

    @Option(names = "--max-tracked", defaultValue = "20000", description = "Accepted checkouts followed to completion at once;"
            + " beyond that they are counted as 'untracked'. Default: ${DEFAULT-VALUE}.")
    int maxTracked;

    @Option(names = "--no-track-completion", description = "Do not poll accepted checkouts (no checkout_completed figures).")
    boolean noTracking;

    @Option(names = "--skip-catalog", description = "Do not load the catalog into inventory-service before the run.")
    boolean skipCatalog;

    @Option(names = "--p95", converter = LatencyDuration.class, description = "Threshold: p95 of all single requests (merged), "
            + "e.g. 200ms.")
    Duration p95;

    @Option(names = "--p99", converter = LatencyDuration.class, description = "Threshold: p99 of all single requests (merged), "
            + "e.g. 300ms.")
    Duration p99;

    @Option(names = "--e2e-p99", converter = LatencyDuration.class, description = "Threshold: p99 of checkout_completed "
            + "(end to end), e.g. 5s.")
    Duration e2eP99;

    @Option(names = "--max-error-rate", converter = Ratio.class, description = "Threshold: error rate of single requests and of "
            + "completed checkouts, e.g. 1%%. Business declines are not errors.")
    Double maxErrorRate;

    @Option(names = "--max-drop-rate", converter = Ratio.class, description = "Threshold: share of arrivals dropped at the "
            + "in-flight bound, e.g. 0.5%%.")
    Double maxDropRate;

    @Option(names = "--min-achieved-rate", converter = Ratio.class, description = "Threshold: achieved / target rate, e.g. 98%%.")
    Double minAchieved;

    @Option(names = {"-t", "--threshold"}, description = "Extra threshold SCOPE.METRIC<=VALUE (repeatable), e.g. "
            + "order_lookup.p99<=150ms, checkout_completed.error_rate<=2%%, run.achieved_ratio>=95%%, run.oversold<=0.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = {"-o", "--out"}, description = "Report directory. Default: $FIREDRILL_HOME/traffic/<run-id> or "
            + ".firedrill/traffic/<run-id>.")
    Path out;

    @Option(names = "--run-id", description = "Run id in reports and metrics. Default: <profile>-<seed>-<epoch millis>.")
    String runId;

    @Option(names = "--metrics-port", description = "Prometheus exposition of the run's own figures on"
            + " 127.0.0.1 (/metrics and /actuator/prometheus) while it runs; 0 = any free port. Default: port base + 190"
            + " (17190).")
    int metricsPort = Targets.defaultMetricsPort();

    @Option(names = "--no-metrics", description = "Do not expose metrics.")
    boolean noMetrics;

    @Option(names = "--prometheus-targets-dir", description = "file_sd directory where the run registers its metrics endpoint "
            + "while it lasts. Default: <firedrill home>/prometheus/targets when that exists.")
    Path targetsDir;

    @Option(names = "--progress", defaultValue = "auto", description = "Live progress line: auto (in place on a terminal, plain "
            + "lines otherwise), tty, plain, off. Default: ${DEFAULT-VALUE}.")
    ProgressPrinter.Mode progress;

    @Option(names = "--allow-remote-targets", description = "Allow targets that are not 127.0.0.1/localhost.")
    boolean allowRemote;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        TrafficConfig config = config(out);
        ProgressPrinter printer = (ProgressPrinter) config.progress();
        out.println("firedrill-traffic: " + config.profile().describe() + ", seed " + config.seed() + ", run " + config.runId());
        TrafficRun run = TrafficRunner.start(config);
        if (run.metricsPort() > 0) {
            out.println("metrics: http://127.0.0.1:" + run.metricsPort() + "/metrics");
        }
        Path dir = this.out != null ? this.out : Targets.stackHome().resolve("traffic").resolve(config.runId());
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C: stop scheduling, let the run drain, and still write the reports.
            run.stop();
            try {
                written.await(config.requestTimeout().toSeconds() + config.completionTimeout().toSeconds() + 5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "firedrill-traffic-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        TrafficResult result;
        try {
            result = run.result().join();
            printer.finish();
            ReportWriter.Files3 files = ReportWriter.write(result, dir);
            RunSummary.print(out, result, files);
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // Already shutting down.
            }
        }
        return result.exitCode();
    }

    TrafficConfig config(PrintStream out) {
        DataSpec spec = profile.adapt(data.spec());
        LoadProfile shape = profile.build(spec);
        List<Threshold> rules = new ArrayList<>();
        if (p95 != null) {
            rules.add(Threshold.maxLatency("requests", "p95", p95));
        }
        if (p99 != null) {
            rules.add(Threshold.maxLatency("requests", "p99", p99));
        }
        if (e2eP99 != null) {
            rules.add(Threshold.maxLatency(Operation.CHECKOUT_COMPLETED.key(), "p99", e2eP99));
        }
        if (maxErrorRate != null) {
            rules.add(Threshold.parse("requests.error_rate<=" + maxErrorRate));
            if (!noTracking && url == null) {
                rules.add(Threshold.parse("checkout_completed.error_rate<=" + maxErrorRate));
            }
        }
        if (maxDropRate != null) {
            rules.add(Threshold.parse("run.drop_rate<=" + maxDropRate));
        }
        if (minAchieved != null) {
            rules.add(Threshold.parse("run.achieved_ratio>=" + minAchieved));
        }
        for (String t : thresholds) {
            rules.add(Threshold.parse(t));
        }
        Path targets = targetsDir;
        if (targets == null && !noMetrics) {
            Path candidate = Targets.stackHome().resolve("prometheus").resolve("targets");
            targets = Files.isDirectory(candidate) ? candidate : null;
        }
        return TrafficConfig.builder(shape)
                .seed(data.seed)
                .data(spec)
                .targets(new Targets(orderUrl, inventoryUrl, notificationUrl, paymentUrl, inventoryAdminUrl, adminToken()))
                .spacing(profile.arrivals)
                .maxInFlight(maxInFlight)
                .maxConnections(maxConnections)
                .requestTimeout(timeout)
                .pollInterval(pollInterval)
                .completionTimeout(completionTimeout)
                .maxTrackedCheckouts(maxTracked)
                .trackCompletion(!noTracking)
                .loadCatalog(!skipCatalog)
                .allowRemoteTargets(allowRemote)
                .thresholds(rules)
                .metricsPort(noMetrics ? null : metricsPort)
                .prometheusTargetsDir(noMetrics ? null : targets)
                .rawUrl(url)
                .runId(runId)
                .progress(new ProgressPrinter(out, progress))
                .build();
    }

    private String adminToken() {
        if (adminTokenFile == null) {
            return Targets.stackAdminToken();
        }
        try {
            return Files.readString(adminTokenFile).trim();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--admin-token-file " + adminTokenFile + " cannot be read: " + e.getMessage());
        }
    }
}
