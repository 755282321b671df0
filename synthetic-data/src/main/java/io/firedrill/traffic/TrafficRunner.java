package io.firedrill.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.traffic.data.SyntheticData;
import io.firedrill.traffic.engine.Endpoint;
import io.firedrill.traffic.engine.HttpTransport;
import io.firedrill.traffic.engine.OpenModelRun;
import io.firedrill.traffic.report.PrometheusEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Entry point for running traffic in-process, as the chaos runner does:
 * <pre>{@code
 * TrafficConfig config = TrafficConfig.builder(Profiles.constant(50, Duration.ofMinutes(2))).seed(7).build();
 * try (TrafficRun run = TrafficRunner.start(config)) {
 *     ... inject a fault ...; run.mark("replica stopped");
 *     TrafficResult result = run.await(Duration.ofMinutes(5));
 * }
 * }</pre>
 * {@link #start} checks the targets and loads the catalog before returning, so a dead target fails fast with a
 * {@link TrafficException}.
 */
public final class TrafficRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrafficRunner() {}

    /** Runs to the end and returns the evaluated result. */
    public static TrafficResult run(TrafficConfig config) {
        TrafficRun run = start(config);
        return run.result().join();
    }

    public static TrafficRun start(TrafficConfig config) {
        SyntheticData data = new SyntheticData(config.seed(), config.data());
        HttpTransport transport = new HttpTransport(config.maxInFlight(), config.maxConnections(), config.requestTimeout(), config.headers());
        OpenModelRun engine;
        PrometheusEndpoint metrics = null;
        Path registration = null;
        try {
            engine = new OpenModelRun(config, data, transport);
            List<Endpoint> endpoints = engine.endpoints();
            if (!config.allowRemoteTargets()) {
                for (Endpoint e : endpoints) {
                    if (!e.loopback()) {
                        throw new IllegalArgumentException(e + " is not a loopback address: firedrill-traffic only loads "
                                + "127.0.0.1/localhost unless --allow-remote-targets is given");
                    }
                }
            }
            if (config.preflight()) {
                for (Endpoint e : endpoints) {
                    ShopSetup.checkReachable(e);
                }
            }
            if (config.loadCatalog() && config.rawUrl() == null) {
                ShopSetup.loadCatalog(config, data.catalog());
            }
            engine.savedCards(ShopSetup.saveCards(config, engine.flashSaleBuyers()));
            transport.warmUp(endpoints, ShopSetup.CONNECT_CHECK);
            if (config.metricsPort() != null) {
                OpenModelRun source = engine;
                metrics = PrometheusEndpoint.start(config.metricsPort(), source::snapshot);
                if (config.prometheusTargetsDir() != null) {
                    registration = register(config.prometheusTargetsDir(), config.runId(), metrics.port());
                }
            }
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            transport.close();
            throw e;
        }
        engine.start();
        PrometheusEndpoint exporter = metrics;
        Path file = registration;
        // Off the event loop: closing the transport waits for that loop to end.
        java.util.concurrent.Executor finisher = task -> {
            Thread t = new Thread(task, "firedrill-traffic-finish");
            t.setDaemon(true);
            t.start();
        };
        CompletableFuture<TrafficResult> evaluated = engine.result().handleAsync((raw, failure) -> {
            // Keep the exposition up for a final scrape only while the caller reads the result; then release it.
            try {
                if (failure != null) {
                    throw failure instanceof RuntimeException r ? r : new TrafficException("traffic run failed", failure);
                }
                return evaluate(config, ShopSetup.afterRun(config, raw));
            } finally {
                transport.close();
                // Unregister before the endpoint goes away: a scrape in between would read as the target being down.
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // A stale file_sd entry only yields a failed scrape target.
                    }
                }
                if (exporter != null) {
                    exporter.close();
                }
            }
        }, finisher);
        return new Handle(config.runId(), engine, evaluated, exporter == null ? -1 : exporter.port());
    }

    private record Handle(String runId, OpenModelRun engine, CompletableFuture<TrafficResult> result, int metricsPort)
            implements TrafficRun {
        @Override public LiveSnapshot snapshot() { return engine.snapshot(); }
        @Override public void mark(String label) { engine.mark(label); }
        @Override public void stop() { engine.stop(); }
    }


    /** Applies the thresholds (a flash sale always checks for oversell): verdict PASS/FAIL and exit code 0/1. */
    public static TrafficResult evaluate(TrafficConfig config, TrafficResult raw) {
        List<Threshold> rules = new ArrayList<>(config.thresholds());
        if (raw.flashSale() != null && rules.stream().noneMatch(t -> t.metric().equals("oversold"))) {
            rules.add(Threshold.parse("run.oversold<=0"));
        }
        List<TrafficResult.ThresholdResult> results = new ArrayList<>();
        boolean pass = true;
        for (Threshold rule : rules) {
            TrafficResult.ThresholdResult r = rule.evaluate(raw);
            results.add(r);
            pass &= r.passed();
        }
        return new TrafficResult(raw.run(), raw.rates(), raw.operations(), raw.requestsLatencyMs(), raw.regions(), raw.timeline(),
                raw.markers(), raw.flashSale(), raw.drift(), results, pass ? TrafficResult.PASS : TrafficResult.FAIL, pass ? 0 : 1);
    }

    /** file_sd registration so the stack's Prometheus ("services" job, /actuator/prometheus) scrapes this run. */
    private static Path register(Path dir, String runId, int port) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("firedrill-traffic-" + runId.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json");
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("targets", List.of("127.0.0.1:" + port));
            group.put("labels", Map.of("service", "firedrill-traffic", "run_id", runId));
            Path tmp = Files.createTempFile(dir, ".traffic", ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(List.of(group)));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new TrafficException("cannot register with Prometheus in " + dir + ": " + e.getMessage());
        }
    }
}
