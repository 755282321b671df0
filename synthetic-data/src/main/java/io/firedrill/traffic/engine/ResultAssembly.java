package io.firedrill.traffic.engine;

import io.firedrill.traffic.LiveSnapshot;
import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Outcome;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.data.Region;
import io.firedrill.traffic.profile.LoadProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What the outside sees of a run's {@link Measurements}: the {@link LiveSnapshot} published every second (to the
 * progress sink, the Prometheus endpoint and in-process callers) and the {@link TrafficResult} at the end, before
 * thresholds are judged.
 */
final class ResultAssembly {

    private final TrafficConfig config;
    private final LoadProfile profile;
    private final DataSpec spec;
    private final HttpTransport transport;
    private final Measurements m;
    private volatile LiveSnapshot snapshot;

    ResultAssembly(TrafficConfig config, DataSpec spec, HttpTransport transport, Measurements m) {
        this.config = config;
        this.profile = config.profile();
        this.spec = spec;
        this.transport = transport;
        this.m = m;
        this.snapshot = LiveSnapshot.empty(config.runId(), profile.name(), profile.durationSeconds());
    }

    /** The latest published snapshot; safe to read from any thread. */
    LiveSnapshot snapshot() { return snapshot; }

    static double round3(double v) { return Math.round(v * 1000) / 1000.0; }

    /** Publishes the figures at {@code t} seconds into the run; a broken progress sink must not kill the measurement. */
    void publish(double t, double targetRate, boolean finished) {
        Map<Operation, LiveSnapshot.Op> ops = new EnumMap<>(Operation.class);
        for (Measurements.OpStats s : m.ops) {
            if (s.count() == 0) {
                continue;
            }
            Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                if (s.outcomes[o.ordinal()] > 0) {
                    outcomes.put(o, s.outcomes[o.ordinal()]);
                }
            }
            Histogram h = s.latency;
            boolean any = h.getTotalCount() > 0;
            long lastCount = 0;
            for (long c : s.secondOutcomes) {
                lastCount += c;
            }
            ops.put(s.op, new LiveSnapshot.Op(outcomes, any ? Measurements.ms(h.getValueAtPercentile(50)) : 0,
                    any ? Measurements.ms(h.getValueAtPercentile(90)) : 0, any ? Measurements.ms(h.getValueAtPercentile(95)) : 0,
                    any ? Measurements.ms(h.getValueAtPercentile(99)) : 0, any ? Measurements.ms(h.getValueAtPercentile(99.9)) : 0,
                    any ? Measurements.ms(h.getMaxValue()) : 0, any ? h.getMean() / 1000.0 : 0,
                    s.second.getTotalCount() > 0 ? Measurements.ms(s.second.getValueAtPercentile(99)) : 0, lastCount));
        }
        LiveSnapshot s = new LiveSnapshot(config.runId(), profile.name(), round3(t), profile.durationSeconds(), targetRate,
                m.secondSent, transport.inFlight(), m.scheduled, m.sent, m.dropped, ops, finished);
        snapshot = s;
        if (config.progress() != null) {
            try {
                config.progress().accept(s);
            } catch (RuntimeException e) {
                // A broken progress sink must not kill the measurement.
            }
        }
    }

    /**
     * The run's result, verdict not yet judged. {@code window}: the seconds arrivals were scheduled over (the planned
     * duration, or up to the interruption), which the target and achieved rates are averaged over.
     */
    TrafficResult result(Instant startedAt, double elapsed, double window, boolean interrupted, List<Endpoint> endpoints,
                         List<TrafficResult.Marker> markers) {
        window = Math.max(window, 1e-3);
        double targetMean = profile.expectedArrivals(window) / window;
        double achieved = m.sent / window;
        Map<String, String> targets = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            targets.put(e.name(), e.url());
        }
        boolean raw = config.rawUrl() != null;
        TrafficResult.RunInfo info = new TrafficResult.RunInfo(config.runId(), "firedrill-traffic 0.1.0", profile.name(),
                profile.describe(), config.seed(), config.spacing().name().toLowerCase(Locale.ROOT), startedAt.toString(),
                profile.durationSeconds(), round3(elapsed), interrupted, targets, raw ? "GET " + config.rawUrl() : spec.mix().toString(),
                spec.regions().toString(), spec.declineRatio(), config.maxInFlight(),
                config.requestTimeout().toMillis(), transport.connectionsOpened(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        long scheduled = m.scheduled;
        TrafficResult.Rates rates = new TrafficResult.Rates(round3(targetMean), round3(profile.peakRate()), scheduled, m.sent,
                m.dropped, round3(achieved), targetMean == 0 ? 0 : Math.round(achieved / targetMean * 10000) / 10000.0,
                scheduled == 0 ? 0 : (double) m.dropped / scheduled, Measurements.percentiles(m.scheduleLag));

        List<TrafficResult.OperationSummary> ops = new ArrayList<>();
        Histogram requests = Measurements.histogram();
        Map<String, TrafficResult.Drift> drift = new LinkedHashMap<>();
        for (Measurements.OpStats s : m.ops) {
            if (s.count() == 0 && s.reasons.isEmpty()) {
                continue;
            }
            ops.add(operation(s));
            if (s.op.singleRequest()) {
                requests.add(s.latency);
            }
            if ("soak".equals(profile.name()) && s.firstTenth.getTotalCount() > 0 && s.lastTenth.getTotalCount() > 0) {
                double first = Measurements.ms(s.firstTenth.getValueAtPercentile(99));
                double last = Measurements.ms(s.lastTenth.getValueAtPercentile(99));
                drift.put(s.op.key(), new TrafficResult.Drift(first, last, first == 0 ? 0 : Math.round(last / first * 100) / 100.0));
            }
        }
        List<TrafficResult.RegionSummary> regions = new ArrayList<>();
        for (Map.Entry<Region, Measurements.RegionStats> e : m.regions.entrySet()) {
            Measurements.RegionStats r = e.getValue();
            regions.add(new TrafficResult.RegionSummary(e.getKey().id(), r.requests, r.errors,
                    r.requests == 0 ? 0 : (double) r.errors / r.requests, Measurements.percentiles(r.latency),
                    Measurements.percentiles(r.completed)));
        }
        TrafficResult.FlashSaleSummary flash = spec.flashSale() != null && !raw ? flashSale() : null;
        return new TrafficResult(info, rates, ops, Measurements.percentiles(requests), regions, List.copyOf(m.timeline),
                List.copyOf(markers), flash, drift.isEmpty() ? null : drift, List.of(), TrafficResult.PASS, 0);
    }

    private static TrafficResult.OperationSummary operation(Measurements.OpStats s) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            if (s.outcomes[o.ordinal()] > 0) {
                outcomes.put(o.key(), s.outcomes[o.ordinal()]);
            }
        }
        long answered = s.count() - s.outcomes[Outcome.DROPPED.ordinal()];
        return new TrafficResult.OperationSummary(s.op.key(), s.count(), outcomes, s.errors(),
                answered == 0 ? 0 : (double) s.errors() / answered, Measurements.percentiles(s.latency),
                Measurements.percentiles(s.service), new LinkedHashMap<>(s.reasons), Measurements.encode(s.latency));
    }

    /** How the sale went: units sold against units in stock (more completed than units is an oversell). */
    private TrafficResult.FlashSaleSummary flashSale() {
        Measurements.OpStats accepted = m.ops[Operation.CHECKOUT_ACCEPTED.ordinal()];
        Measurements.OpStats completed = m.ops[Operation.CHECKOUT_COMPLETED.ordinal()];
        long ok = completed.outcomes[Outcome.OK.ordinal()];
        long declined = completed.reasons.getOrDefault("PAYMENT_DECLINED", 0L);
        long oos = completed.reasons.getOrDefault("OUT_OF_STOCK", 0L);
        int units = spec.flashSale().units();
        return new TrafficResult.FlashSaleSummary(spec.flashSale().sku(), units, spec.flashSale().buyers(),
                accepted.outcomes[Outcome.OK.ordinal()], ok, declined, oos, completed.count() - ok - declined - oos,
                Math.max(0, ok - units), null);
    }
}
