package io.firedrill.traffic.cli;

import io.firedrill.traffic.Operation;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.TrafficRunner;
import io.firedrill.traffic.profile.Profiles;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Step search for the highest constant open-model rate the generator sustains against one URL. */
final class OpenModelSearch {

    record Step(double targetRate, double achievedRate, long dropped, long errors, double p50Ms, double p99Ms, double scheduleLagP50Ms,
                double scheduleLagP99Ms, double cpuMicrosPerRequest, boolean pass) {}

    /**
     * A generator past its capacity falls behind without bound, so its median latency grows with the step; a capable
     * one on a busy machine has short stalls that show at p99 (reported) but leave the median near the service time.
     */
    static final double MAX_MEDIAN_MS = 10;

    /**
     * Short stalls of a busy machine are allowed, a backlog is not: over a 5 s step a p99 above this means more than 1%
     * of the arrivals waited a quarter of a second, which is a generator (or endpoint) falling behind.
     */
    static final double MAX_P99_MS = 250;

    private OpenModelSearch() {}

    static Map<String, Object> search(URI url, int connections, int inFlight, double startRate, Duration step, Duration warmup) {
        List<Step> steps = new ArrayList<>();
        if (!warmup.isZero()) {
            run(url, connections, inFlight, Math.min(startRate, 2_000), warmup);
        }
        double lastPass = 0;
        double firstFail = Double.NaN;
        double rate = startRate;
        // Grow by 1.5x until a step fails (or the profile's rate cap passes), then bisect three times between the last
        // pass and the first failure. From 1,000/s, 20 steps reach the cap: the search never stops short of a failure.
        for (int i = 0; i < 20 && Double.isNaN(firstFail); i++) {
            Step s = run(url, connections, inFlight, rate, step);
            steps.add(s);
            if (s.pass()) {
                lastPass = rate;
                rate = Math.min(rate * 1.5, Profiles.MAX_RATE);
                if (lastPass >= Profiles.MAX_RATE) {
                    break;
                }
            } else {
                firstFail = rate;
            }
        }
        for (int i = 0; i < 3 && !Double.isNaN(firstFail); i++) {
            double mid = (lastPass + firstFail) / 2;
            Step s = run(url, connections, inFlight, mid, step);
            steps.add(s);
            if (s.pass()) {
                lastPass = mid;
            } else {
                firstFail = mid;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("maxSustainedRate", Math.round(lastPass));
        // A search that ends on the cap measured a lower bound, not the generator's ceiling.
        out.put("stoppedBy", !Double.isNaN(firstFail) ? "a failing step" : "the rate cap of " + (long) Profiles.MAX_RATE + "/s");
        out.put("criteria", connections + " connections, in-flight bound " + inFlight + ": no drop, no error, >= 99% of "
                + "the target sent and answered, latency (from the intended instant, so waits for a connection count) p50 <= "
                + (long) MAX_MEDIAN_MS + " ms and p99 <= " + (long) MAX_P99_MS + " ms");
        out.put("inFlightBound", inFlight);
        out.put("steps", steps);
        return out;
    }

    static Step run(URI url, int connections, int inFlight, double rate, Duration step) {
        TrafficConfig config = TrafficConfig.builder(Profiles.constant(rate, step))
                .rawUrl(url).preflight(false).loadCatalog(false).trackCompletion(false).maxInFlight(inFlight).maxConnections(connections)
                .requestTimeout(Duration.ofSeconds(2)).runId("max-rate-" + Math.round(rate)).build();
        long cpu = io.firedrill.traffic.engine.MaxRateProbe.processCpuNanos();
        TrafficResult r = TrafficRunner.run(config);
        double cpuMicros = (io.firedrill.traffic.engine.MaxRateProbe.processCpuNanos() - cpu) / 1e3;
        TrafficResult.OperationSummary op = r.operation(Operation.REQUEST);
        long errors = op == null ? 0 : op.errors();
        double p99 = op == null ? 0 : op.latencyMs().p99();
        boolean answered = op != null && op.count() >= 0.99 * r.rates().scheduled();
        boolean pass = r.rates().dropped() == 0 && errors == 0 && r.rates().achievedRatio() >= 0.99 && answered
                && op.latencyMs().p50() <= MAX_MEDIAN_MS && op.latencyMs().p99() <= MAX_P99_MS;
        return new Step(Math.round(rate), r.rates().achievedRate(), r.rates().dropped(), errors, op == null ? 0 : op.latencyMs().p50(), p99,
                r.rates().scheduleLagMs().p50(), r.rates().scheduleLagMs().p99(), r.rates().sent() == 0 ? 0 : Math.round(cpuMicros / r.rates().sent() * 100) / 100.0, pass);
    }
}
