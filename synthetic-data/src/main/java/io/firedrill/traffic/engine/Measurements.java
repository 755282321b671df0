package io.firedrill.traffic.engine;

import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Outcome;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.data.Region;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Histograms and counters of one run. Single-threaded: only the runner's event loop records into it.
 * Latencies are recorded in microseconds.
 */
final class Measurements {

    static final long HIGHEST_US = 3_600_000_000L;

    static Histogram histogram() { return new Histogram(HIGHEST_US, 3); }

    static long clampUs(long nanos) { return Math.max(0, Math.min(HIGHEST_US, nanos / 1_000)); }

    static final class OpStats {
        final Operation op;
        final Histogram latency = histogram();
        final Histogram service = histogram();
        final Histogram second = histogram();
        final Histogram firstTenth = histogram();
        final Histogram lastTenth = histogram();
        final long[] outcomes = new long[Outcome.values().length];
        final long[] secondOutcomes = new long[Outcome.values().length];
        final Map<String, Long> reasons = new TreeMap<>();

        OpStats(Operation op) { this.op = op; }

        long count() {
            long n = 0;
            for (long c : outcomes) {
                n += c;
            }
            return n;
        }

        long errors() {
            long n = 0;
            for (Outcome o : Outcome.values()) {
                if (o.error()) {
                    n += outcomes[o.ordinal()];
                }
            }
            return n;
        }
    }

    static final class RegionStats {
        final Histogram latency = histogram();
        final Histogram completed = histogram();
        long requests;
        long errors;
    }

    final OpStats[] ops = new OpStats[Operation.values().length];
    final Map<Region, RegionStats> regions = new EnumMap<>(Region.class);
    final Histogram scheduleLag = histogram();
    final List<TrafficResult.TimelinePoint> timeline = new ArrayList<>();
    long scheduled;
    long sent;
    long dropped;
    long secondSent;
    long secondDropped;
    long secondResponses;
    long untracked;
    long pollErrors;

    Measurements() {
        for (Operation op : Operation.values()) {
            ops[op.ordinal()] = new OpStats(op);
        }
    }

    /**
     * One finished operation. {@code latencyNanos} is from the intended start (negative when there is none, as for
     * dropped requests); {@code serviceNanos} from the moment the request left (negative if it never did).
     * {@code tenth}: -1 first tenth of the run, +1 last tenth, 0 otherwise (soak drift).
     */
    void record(Operation op, Region region, Outcome outcome, long latencyNanos, long serviceNanos, String reason, int tenth) {
        OpStats s = ops[op.ordinal()];
        s.outcomes[outcome.ordinal()]++;
        s.secondOutcomes[outcome.ordinal()]++;
        if (reason != null) {
            s.reasons.merge(reason, 1L, Long::sum);
        }
        if (outcome == Outcome.DROPPED) {
            return;
        }
        long us = clampUs(latencyNanos);
        if (latencyNanos >= 0) {
            s.latency.recordValue(us);
            s.second.recordValue(us);
            if (tenth < 0) {
                s.firstTenth.recordValue(us);
            } else if (tenth > 0) {
                s.lastTenth.recordValue(us);
            }
        }
        if (serviceNanos >= 0) {
            s.service.recordValue(clampUs(serviceNanos));
        }
        if (region != null) {
            RegionStats r = regions.computeIfAbsent(region, k -> new RegionStats());
            if (op.singleRequest()) {
                r.requests++;
                if (outcome.error()) {
                    r.errors++;
                }
                if (latencyNanos >= 0) {
                    r.latency.recordValue(us);
                }
            } else if (latencyNanos >= 0 && outcome == Outcome.OK) {
                r.completed.recordValue(us);
            }
        }
        if (op.singleRequest()) {
            secondResponses++;
        }
    }

    static TrafficResult.Percentiles percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return TrafficResult.Percentiles.EMPTY;
        }
        return new TrafficResult.Percentiles(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()), Math.round(h.getMean()) / 1000.0);
    }

    static double ms(long us) { return us / 1000.0; }

    static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** Closes one second of the timeline and resets the per-second counters. */
    void closeSecond(double t, double targetRate, int inFlight) {
        Map<String, Long> errors = new LinkedHashMap<>();
        Map<String, TrafficResult.OpPoint> points = new LinkedHashMap<>();
        for (OpStats s : ops) {
            long count = 0;
            long errs = 0;
            for (Outcome o : Outcome.values()) {
                long c = s.secondOutcomes[o.ordinal()];
                count += c;
                if (o.error() && c > 0) {
                    errs += c;
                    errors.merge(o.key(), c, Long::sum);
                }
            }
            if (count > 0) {
                Histogram h = s.second;
                points.put(s.op.key(), new TrafficResult.OpPoint(count, errs,
                        h.getTotalCount() == 0 ? 0 : ms(h.getValueAtPercentile(50)),
                        h.getTotalCount() == 0 ? 0 : ms(h.getValueAtPercentile(95)),
                        h.getTotalCount() == 0 ? 0 : ms(h.getValueAtPercentile(99)),
                        h.getTotalCount() == 0 ? 0 : ms(h.getMaxValue())));
            }
        }
        timeline.add(new TrafficResult.TimelinePoint(Math.round(t * 1000) / 1000.0, Math.round(targetRate * 100) / 100.0,
                secondSent, secondDropped, secondResponses, inFlight, errors, points));
        for (OpStats s : ops) {
            s.second.reset();
            java.util.Arrays.fill(s.secondOutcomes, 0);
        }
        secondSent = 0;
        secondDropped = 0;
        secondResponses = 0;
    }
}
