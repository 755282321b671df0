package io.firedrill.traffic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.firedrill.traffic.LiveSnapshot;
import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Targets;
import io.firedrill.traffic.Threshold;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.TrafficException;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.TrafficRun;
import io.firedrill.traffic.TrafficRunner;
import io.firedrill.traffic.data.Customer;
import io.firedrill.traffic.data.CatalogItem;
import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.data.RegionWeights;
import io.firedrill.traffic.data.SyntheticData;
import io.firedrill.traffic.data.WorkItem;
import io.firedrill.traffic.data.Workload;
import io.firedrill.traffic.data.WorkloadMix;
import io.firedrill.traffic.engine.MaxRateProbe;
import io.firedrill.traffic.profile.ArrivalSchedule;
import io.firedrill.traffic.profile.LoadProfile;
import io.firedrill.traffic.profile.Profiles;
import io.firedrill.traffic.report.ReportWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code firedrill-traffic}: exit 0 pass, 1 threshold breached, 2 usage error or the run could not start, 3 the run
 * failed unexpectedly.
 */
@Command(name = "firedrill-traffic", mixinStandardHelpOptions = true, version = "firedrill-traffic 0.1.0",
        description = {"Seeded synthetic shoppers and an open-model traffic generator for Firedrill.",
                "Requests start on schedule whatever the response time; latency is measured from each request's intended "
                        + "start (coordinated-omission corrected) into HdrHistograms per operation.",
                "",
                "Exit codes: 0 pass, 1 a threshold was breached, 2 usage error or the run could not start "
                        + "(unknown profile, bad rate or duration, unreachable target, unreadable file), 3 the run failed "
                        + "unexpectedly (one line on stderr; --verbose adds the stack trace)."},
        subcommands = {TrafficCli.Run.class, TrafficCli.Generate.class, TrafficCli.ProfilesCommand.class,
                TrafficCli.Report.class, TrafficCli.MaxRate.class, CommandLine.HelpCommand.class})
public final class TrafficCli implements Callable<Integer> {

    static final int PASS = 0;
    static final int BREACHED = 1;
    static final int USAGE = 2;
    static final int FAILED = 3;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On an unexpected failure (exit 3), print the stack trace too.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(new CommandLine(new TrafficCli()), args, out, err);
    }

    /** Runs {@code cli} (this command, possibly with more subcommands) with the exit-code mapping of the tool. */
    static int execute(CommandLine cli, String[] args, PrintStream out, PrintStream err) {
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, verbose(parseResult), err));
        return cli.execute(args);
    }

    /**
     * Bad input, an unreachable target or an unreadable file is the user's to fix: exit 2 with the reason. Anything
     * else (a failure once the run started, a bug) exits 3 so that it is never taken for a breached threshold (1);
     * one line either way, the stack trace only with {@code --verbose}.
     */
    static int failure(Exception e, boolean verbose, PrintStream err) {
        if (!(e instanceof java.util.concurrent.CompletionException)
                && (e instanceof IllegalArgumentException || e instanceof TrafficException || e instanceof UncheckedIOException
                    || e instanceof IOException)) {
            err.println("firedrill-traffic: " + oneLine(e.getMessage()));
            return USAGE;
        }
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        err.println("firedrill-traffic: unexpected failure: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + oneLine(cause.getMessage()))
                + (verbose ? "" : " (--verbose prints the stack trace)"));
        if (verbose) {
            cause.printStackTrace(err);
        }
        return FAILED;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Durations on the command line: 90, 90s, 1500ms, 10m, 1h (a bare number is seconds). */
    static final class SecondsDuration implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim();
            if (v.startsWith("-")) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative: durations must be positive");
            }
            try {
                return Threshold.parseDuration(v.matches("\\d+(\\.\\d+)?") ? v + "s" : v);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Latency limits: 300ms, 1.5s, 250us (a bare number is milliseconds). */
    static final class LatencyDuration implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Threshold.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Ratio implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                return Threshold.ratio(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Options shared by run and generate: what the synthetic shoppers look like. */
    static final class DataOptions {
        @Option(names = "--seed", defaultValue = "42", description = "Seed of every generator: same seed, same customers, carts, "
                + "schedule and request sequence. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--customers", defaultValue = "1000", description = "Customers in the pool, split over regions. "
                + "Default: ${DEFAULT-VALUE}.")
        int customers;

        @Option(names = "--catalog-size", defaultValue = "200", description = "SKUs in the catalog. Default: ${DEFAULT-VALUE}.")
        int catalogSize;

        @Option(names = "--decline-ratio", defaultValue = "5%", converter = Ratio.class, description = "Share of checkouts paid "
                + "with the declining test card 4000000000000002 (the rest use 4242424242424242). Default: 5%%.")
        double declineRatio;

        @Option(names = "--mix", defaultValue = "checkout=55,order_lookup=15,customer_orders=10,stock_lookup=8,support_case=5,"
                + "notification_preferences=7", description = "Relative weights of the user actions: checkout, order_lookup, "
                + "customer_orders, stock_lookup, support_case (look-up or cancellation), notification_preferences. "
                + "Default: ${DEFAULT-VALUE}.")
        String mix;

        @Option(names = "--regions", defaultValue = "eu-west=45,us-east=35,ap-south=20", description = "Traffic share per tenant "
                + "region (eu-west, us-east, ap-south). Default: ${DEFAULT-VALUE}.")
        String regions;

        @Option(names = "--sku-skew", defaultValue = "1.0", description = "Zipf exponent of SKU popularity, 0 = uniform. "
                + "Default: ${DEFAULT-VALUE}.")
        double skuSkew;

        @Option(names = "--stock", defaultValue = "500..5000", description = "Stock range per SKU loaded before the run, MIN..MAX. "
                + "Default: ${DEFAULT-VALUE}.")
        String stock;

        DataSpec spec() {
            String[] range = stock.split("\\.\\.");
            if (range.length != 2) {
                throw new IllegalArgumentException("--stock must look like 500..5000, got " + stock);
            }
            int min;
            int max;
            try {
                min = Integer.parseInt(range[0].trim());
                max = Integer.parseInt(range[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--stock must look like 500..5000, got " + stock);
            }
            return new DataSpec(customers, catalogSize, declineRatio, RegionWeights.parse(regions), WorkloadMix.parse(mix),
                    skuSkew, min, max, null);
        }
    }

    /** The load shape. */
    static final class ProfileOptions {
        @Option(names = {"-p", "--profile"}, defaultValue = "constant", description = "Load profile: ${COMPLETION-CANDIDATES}. "
                + "Default: ${DEFAULT-VALUE}.", completionCandidates = ProfileNames.class)
        String profile;

        @Option(names = {"-r", "--rate"}, description = "Target arrivals per second (constant, soak, multi-region; the end rate "
                + "of ramp; the base rate of spike). Default: 20 (soak: 10). Not for flash-sale.")
        Double rate;

        @Option(names = {"-d", "--duration"}, converter = SecondsDuration.class, description = "How long arrivals are scheduled: "
                + "90, 90s, 10m, 1h. Default: 60s (soak: 30m; flash-sale: the sale window, 5s).")
        Duration duration;

        @Option(names = "--start-rate", description = "ramp: rate at the start. Default: 1.")
        Double startRate;

        @Option(names = "--spike-factor", description = "spike: multiplier of --rate during the spike. Default: 5.")
        Double spikeFactor;

        @Option(names = "--spike-at", converter = SecondsDuration.class, description = "spike: when the spike starts. "
                + "Default: 40%% of --duration.")
        Duration spikeAt;

        @Option(names = "--spike-length", converter = SecondsDuration.class, description = "spike: how long it lasts. "
                + "Default: 20%% of --duration.")
        Duration spikeLength;

        @Option(names = "--buyers", description = "flash-sale: distinct buyers racing for the units. Default: 10000.")
        Integer buyers;

        @Option(names = "--units", description = "flash-sale: units of the hot SKU in stock. Default: 100.")
        Integer units;

        @Option(names = "--flash-sku", defaultValue = "FLASH-0001", description = "flash-sale: the hot SKU. Default: ${DEFAULT-VALUE}.")
        String flashSku;

        @Option(names = "--arrivals", defaultValue = "uniform", description = "Spacing of arrivals: uniform (evenly spaced at the "
                + "target rate) or poisson (seeded exponential gaps). Default: ${DEFAULT-VALUE}.")
        ArrivalSchedule.Spacing arrivals;

        LoadProfile build(DataSpec data) {
            String name = profile.trim().toLowerCase(Locale.ROOT);
            if (!Profiles.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown profile '" + profile + "': use one of " + String.join(", ", Profiles.NAMES));
            }
            if (!name.equals("ramp") && startRate != null) {
                throw new IllegalArgumentException("--start-rate only applies to --profile ramp");
            }
            if (!name.equals("spike") && (spikeFactor != null || spikeAt != null || spikeLength != null)) {
                throw new IllegalArgumentException("--spike-factor/--spike-at/--spike-length only apply to --profile spike");
            }
            if (!name.equals("flash-sale") && (buyers != null || units != null)) {
                throw new IllegalArgumentException("--buyers/--units only apply to --profile flash-sale");
            }
            switch (name) {
                case "constant":
                    return Profiles.constant(rate(20), duration(Duration.ofSeconds(60)));
                case "soak":
                    return Profiles.soak(rate(10), duration(Duration.ofMinutes(30)));
                case "ramp":
                    return Profiles.ramp(startRate == null ? 1 : startRate, rate(20), duration(Duration.ofSeconds(60)));
                case "spike": {
                    Duration d = duration(Duration.ofSeconds(60));
                    Duration at = spikeAt != null ? spikeAt : Duration.ofNanos(d.toNanos() * 4 / 10);
                    Duration len = spikeLength != null ? spikeLength : Duration.ofNanos(d.toNanos() / 5);
                    return Profiles.spike(rate(20), spikeFactor == null ? 5 : spikeFactor, at, len, d);
                }
                case "flash-sale":
                    if (rate != null) {
                        throw new IllegalArgumentException("flash-sale takes --buyers and --duration (the window), not --rate");
                    }
                    return Profiles.flashSale(buyers == null ? 10_000 : buyers, duration(Duration.ofSeconds(5)));
                default:
                    return Profiles.multiRegion(rate(20), duration(Duration.ofSeconds(60)), data.regions());
            }
        }

        DataSpec adapt(DataSpec data) {
            if ("flash-sale".equalsIgnoreCase(profile.trim())) {
                int u = units == null ? 100 : units;
                if (u < 0 || u > 10_000_000) {
                    throw new IllegalArgumentException("--units must be between 0 and 10000000, got " + u);
                }
                return data.withFlashSale(new DataSpec.FlashSale(flashSku, u, buyers == null ? 10_000 : buyers));
            }
            return data;
        }

        private double rate(double fallback) {
            double r = rate == null ? fallback : rate;
            if (!(r > 0)) {
                throw new IllegalArgumentException("--rate must be a positive number of requests per second, got " + rate);
            }
            return r;
        }

        private Duration duration(Duration fallback) { return duration == null ? fallback : duration; }
    }

    static final class ProfileNames extends ArrayList<String> {
        ProfileNames() { super(Profiles.NAMES); }
    }

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
    static final class Run implements Callable<Integer> {
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
                summary(out, result, files);
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

    static void summary(PrintStream out, TrafficResult r, ReportWriter.Files3 files) {
        TrafficResult.Rates rates = r.rates();
        out.printf(Locale.ROOT, "%s: target %.1f/s, achieved %.1f/s (%.1f%%), sent %d, dropped %d, elapsed %.1f s%n",
                r.verdict(), rates.targetMeanRate(), rates.achievedRate(), rates.achievedRatio() * 100, rates.sent(), rates.dropped(),
                r.run().elapsedSeconds());
        for (TrafficResult.OperationSummary op : r.operations()) {
            out.printf(Locale.ROOT, "  %-26s n=%-7d errors %6.2f%%  p50 %9s  p99 %9s  max %9s%n", op.operation(), op.count(),
                    op.errorRate() * 100, ProgressPrinter.fmtMs(op.latencyMs().p50()), ProgressPrinter.fmtMs(op.latencyMs().p99()),
                    ProgressPrinter.fmtMs(op.latencyMs().max()));
        }
        if (r.flashSale() != null) {
            TrafficResult.FlashSaleSummary f = r.flashSale();
            out.printf(Locale.ROOT, "  flash sale %s: %d units, %d buyers, %d completed, %d out of stock, %d declined, oversold %d%n",
                    f.sku(), f.units(), f.buyers(), f.completed(), f.outOfStock(), f.paymentDeclined(), f.oversold());
        }
        for (TrafficResult.ThresholdResult t : r.thresholds()) {
            out.println("  threshold " + t.expression() + ": " + (t.passed() ? "pass" : "FAIL") + " (actual "
                    + String.format(Locale.ROOT, "%.4g", t.actual()) + (t.note() == null ? "" : ", " + t.note()) + ")");
        }
        // The verdict only says the thresholds held: a run that failed most of its requests must not read as healthy.
        r.unjudgedErrors().ifPresent(op -> out.printf(Locale.ROOT, "  note: %s only means every threshold held; none judges errors, and "
                        + "%.1f%% of %s failed (add --max-error-rate 1%% to fail such a run)%n", r.verdict(), op.errorRate() * 100,
                        op.operation()));
        out.println("reports: " + files.json() + ", " + files.markdown() + ", " + files.html());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Write the seeded synthetic data set as JSON lines: customers.jsonl, catalog.jsonl and workload.jsonl "
                    + "(the first --items arrivals of the profile with their intended times). Same seed, same bytes.")
    static final class Generate implements Callable<Integer> {
        @Mixin ProfileOptions profile = new ProfileOptions();
        @Mixin DataOptions data = new DataOptions();

        @Option(names = {"-o", "--out"}, required = true, description = "Directory to write into.")
        Path out;

        @Option(names = "--items", defaultValue = "1000", description = "Workload items to write. Default: ${DEFAULT-VALUE}.")
        int items;

        @Override
        public Integer call() throws IOException {
            if (items < 0 || items > 10_000_000) {
                throw new IllegalArgumentException("--items must be between 0 and 10000000, got " + items);
            }
            DataSpec spec = profile.adapt(data.spec());
            LoadProfile shape = profile.build(spec);
            writeDataSet(new SyntheticData(data.seed, spec), shape, profile.arrivals, items, out);
            System.out.println("wrote " + out.resolve("customers.jsonl") + ", " + out.resolve("catalog.jsonl") + ", "
                    + out.resolve("workload.jsonl"));
            return PASS;
        }
    }

    /** The data set of a seed as JSON lines; byte-identical for the same seed, spec and profile. */
    public static void writeDataSet(SyntheticData data, LoadProfile profile, ArrivalSchedule.Spacing spacing, int items, Path dir)
            throws IOException {
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("customers.jsonl"), StandardCharsets.UTF_8)) {
            for (Customer c : data.customers()) {
                w.write(json.writeValueAsString(c));
                w.write('\n');
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("catalog.jsonl"), StandardCharsets.UTF_8)) {
            for (CatalogItem c : data.catalog()) {
                w.write(json.writeValueAsString(c));
                w.write('\n');
            }
        }
        ArrivalSchedule schedule = new ArrivalSchedule(profile, spacing, SyntheticData.mix(data.seed(), 0xA441L));
        Workload workload = data.workload();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("workload.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < items; i++) {
                double t = schedule.next();
                if (t < 0) {
                    break;
                }
                double[] weights = profile.regionWeightsAt(t);
                WorkItem item = weights == null ? workload.next() : workload.next(weights);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("t", Math.round(t * 1e6) / 1e6);
                line.put("kind", item.kind().key());
                line.put("item", item);
                w.write(json.writeValueAsString(line));
                w.write('\n');
            }
        }
    }

    @Command(name = "profiles", mixinStandardHelpOptions = true, description = "List the load profiles and their options.")
    static final class ProfilesCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println(String.join("\n",
                    "constant      --rate R --duration D            R arrivals/s for D (default 20/s, 60s)",
                    "ramp          --start-rate A --rate B -d D     linear from A/s to B/s over D",
                    "spike         --rate R --spike-factor F        R/s with F x R/s from --spike-at for --spike-length",
                    "soak          --rate R --duration D            long constant run (default 10/s, 30m); reports p99 drift",
                    "flash-sale    --buyers N --units U -d W        N distinct buyers race for U units of one SKU within W"
                            + " (front-loaded); checks for oversell",
                    "multi-region  --rate R --regions ...           constant total, regional shares follow the sun"));
            return PASS;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Re-render traffic.md and traffic.html from a traffic.json.")
    static final class Report implements Callable<Integer> {
        @Option(names = "--from", required = true, description = "A traffic.json written by a run.")
        Path from;

        @Option(names = {"-o", "--out"}, description = "Directory to write into. Default: the directory of --from.")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(from)) {
                throw new IllegalArgumentException("no such file: " + from);
            }
            TrafficResult result;
            try {
                result = ReportWriter.readJson(from);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new IllegalArgumentException(from + " is not a traffic.json written by a run: " + e.getOriginalMessage());
            }
            if (result == null || result.run() == null || result.rates() == null || result.operations() == null
                    || result.timeline() == null) {
                throw new IllegalArgumentException(from + " is not a traffic.json written by a run (no run, rates, operations "
                        + "or timeline)");
            }
            Path dir = out != null ? out : from.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("traffic.md"), ReportWriter.markdown(result), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("traffic.html"), ReportWriter.html(result), StandardCharsets.UTF_8);
            System.out.println("wrote " + dir.resolve("traffic.md") + ", " + dir.resolve("traffic.html"));
            return PASS;
        }
    }

    @Command(name = "max-rate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Measure this generator's own ceiling against one trivial local endpoint (used by bench-traffic):",
                    "  closed loop: --connections requests always out, like wrk;",
                    "  open model: the highest constant rate it sustains: no drop (in-flight bound --open-in-flight), no "
                            + "error, >= 99%% sent and answered, latency p50 <= 10 ms and p99 <= 250 ms, over --connections connections (step search; "
                            + "stalls of a busy machine show in the reported p99).",
                    "Prints one JSON object."})
    static final class MaxRate implements Callable<Integer> {
        @Option(names = "--url", required = true, description = "Endpoint to GET, e.g. http://127.0.0.1:18080/.")
        URI url;

        @Option(names = "--connections", defaultValue = "64", description = "Keep-alive connections, as wrk's -c. "
                + "Default: ${DEFAULT-VALUE}.")
        int connections;

        @Option(names = "--duration", defaultValue = "10s", converter = SecondsDuration.class, description = "Closed-loop "
                + "measurement time. Default: ${DEFAULT-VALUE}.")
        Duration duration;

        @Option(names = "--warmup", defaultValue = "3s", converter = SecondsDuration.class, description = "JIT warm-up before "
                + "measuring. Default: ${DEFAULT-VALUE}.")
        Duration warmup;

        @Option(names = "--mode", defaultValue = "both", description = "closed, open or both. Default: ${DEFAULT-VALUE}.")
        String mode;

        @Option(names = "--open-in-flight", defaultValue = "10000", description = "Open model: in-flight bound, large "
                + "enough that a short stall of a busy machine does not drop arrivals. Default: ${DEFAULT-VALUE}.")
        int openInFlight;

        @Option(names = "--step", defaultValue = "5s", converter = SecondsDuration.class, description = "Open model: duration of "
                + "each step. Default: ${DEFAULT-VALUE}.")
        Duration step;

        @Option(names = "--start-rate", defaultValue = "1000", description = "Open model: first rate tried. Default: ${DEFAULT-VALUE}.")
        double startRate;

        @Override
        public Integer call() throws IOException {
            if (!Endpoint(url).loopback()) {
                throw new IllegalArgumentException("max-rate only targets 127.0.0.1/localhost, got " + url);
            }
            if (connections < 1 || connections > 10_000) {
                throw new IllegalArgumentException("--connections must be between 1 and 10000, got " + connections);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("url", url.toString());
            out.put("availableProcessors", Runtime.getRuntime().availableProcessors());
            if (!mode.equals("open")) {
                MaxRateProbe.Result closed = MaxRateProbe.saturate(url, connections, warmup, duration);
                out.put("closedLoop", closed);
            }
            if (!mode.equals("closed")) {
                out.put("openModel", OpenModelSearch.search(url, connections, openInFlight, startRate, step, mode.equals("open") ? warmup : Duration.ZERO));
            }
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return PASS;
        }

        private static io.firedrill.traffic.engine.Endpoint Endpoint(URI url) {
            return io.firedrill.traffic.engine.Endpoint.of("target", url);
        }
    }

}
