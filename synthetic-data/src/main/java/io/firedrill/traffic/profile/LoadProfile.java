package io.firedrill.traffic.profile;

import java.time.Duration;

/**
 * An open-model arrival rate over time: requests are due at the instants this curve sets, whatever the
 * responses do. {@link #expectedArrivals(double)} is the integral of {@link #rateAt(double)}, which the
 * {@link ArrivalSchedule} inverts to place each arrival exactly.
 */
public interface LoadProfile {

    /** The in-flight bound (--max-in-flight) of a shape without bursts beyond its rate. */
    int DEFAULT_MAX_IN_FLIGHT = 2_000;

    /** Profile name as on the command line. */
    String name();

    /** How long arrivals are scheduled. */
    Duration duration();

    /** Target arrivals per second at {@code t} seconds after the start. */
    double rateAt(double t);

    /** Expected arrivals in {@code [0, t]}: the integral of {@link #rateAt}. */
    double expectedArrivals(double t);

    /** Traffic share per region at {@code t} (indexed by Region ordinal), or null for the workload's weights. */
    default double[] regionWeightsAt(double t) { return null; }

    /** One line for reports, e.g. {@code constant 50/s for 60s}. */
    String describe();

    default double durationSeconds() { return duration().toNanos() / 1e9; }

    /** Mean target rate over the whole run. */
    default double meanRate() { return expectedArrivals(durationSeconds()) / durationSeconds(); }

    /**
     * Default bound on requests out at once (sent or waiting for a connection) for this shape: arrivals due beyond
     * it are dropped and counted.
     */
    default int defaultMaxInFlight() { return DEFAULT_MAX_IN_FLIGHT; }

    /** Highest target rate, sampled finely enough for the built-in shapes. */
    default double peakRate() {
        double peak = 0;
        double d = durationSeconds();
        for (int i = 0; i <= 2000; i++) {
            peak = Math.max(peak, rateAt(d * i / 2000.0));
        }
        return peak;
    }
}
