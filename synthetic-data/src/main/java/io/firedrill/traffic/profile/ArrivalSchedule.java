package io.firedrill.traffic.profile;

import java.util.SplittableRandom;

/**
 * Intended start times of the arrivals of a {@link LoadProfile}: the n-th arrival is due when the expected
 * count reaches n (uniform spacing), or after exponentially distributed gaps in expected count (Poisson).
 * Pure and seeded, so two runs intend the same instants.
 */
public final class ArrivalSchedule {

    public enum Spacing { UNIFORM, POISSON }

    private final LoadProfile profile;
    private final double end;
    private final double total;
    private final SplittableRandom random;
    private double t;
    private double target;
    private boolean started;

    public ArrivalSchedule(LoadProfile profile, Spacing spacing, long seed) {
        this.profile = profile;
        this.end = profile.durationSeconds();
        this.total = profile.expectedArrivals(end);
        this.random = spacing == Spacing.POISSON ? new SplittableRandom(seed) : null;
    }

    /** Seconds after the start of the next arrival, or {@code -1} when the schedule is over. */
    public double next() {
        if (!started) {
            started = true;
            target = random == null ? 0 : -Math.log(1 - random.nextDouble());
        } else {
            target += random == null ? 1 : -Math.log(1 - random.nextDouble());
        }
        if (target >= total - 1e-9 && !(target == 0 && total > 0)) {
            return -1;
        }
        t = invert(target, t);
        return t < end ? t : -1;
    }

    /** Smallest x in [from, end] with expectedArrivals(x) >= value: Newton steps, bisection when they stray. */
    private double invert(double value, double from) {
        double lo = from;
        double hi = end;
        double x = from;
        for (int i = 0; i < 100; i++) {
            double f = profile.expectedArrivals(x) - value;
            if (Math.abs(f) < 1e-9) {
                return x;
            }
            if (f < 0) {
                lo = x;
            } else {
                hi = x;
            }
            double rate = profile.rateAt(x);
            double next = rate > 1e-12 ? x - f / rate : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = (lo + hi) / 2;
            }
            if (hi - lo < 1e-12) {
                return hi;
            }
            x = next;
        }
        return x;
    }
}
