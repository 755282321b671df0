package io.firedrill.traffic.profile;

import io.firedrill.traffic.data.Region;
import io.firedrill.traffic.data.RegionWeights;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The built-in load shapes. Rates are arrivals per second. */
public final class Profiles {

    /** Profile names accepted by {@code --profile}. */
    public static final List<String> NAMES = List.of("constant", "ramp", "spike", "soak", "flash-sale", "multi-region");

    /** Guards against typos like 5000000 for 500: beyond this a laptop-sized stack is the bottleneck anyway. */
    public static final double MAX_RATE = 100_000;
    public static final Duration MAX_DURATION = Duration.ofHours(24);
    /** Highest default in-flight bound of a flash sale (its buyers, up to this many). */
    public static final int MAX_HERD_IN_FLIGHT = 20_000;

    private Profiles() {}

    static void check(double rate, String what) {
        if (!(rate >= 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException(what + " must be a positive number of requests per second, got " + rate);
        }
        if (rate > MAX_RATE) {
            throw new IllegalArgumentException(what + " of " + fmt(rate) + "/s is absurd: the limit is " + fmt(MAX_RATE) + "/s");
        }
    }

    static void check(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(what + " of " + duration + " is absurd: the limit is " + MAX_DURATION);
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static double seconds(Duration d) { return d.toNanos() / 1e9; }

    public static LoadProfile constant(double rate, Duration duration) { return new Constant("constant", rate, duration); }

    /** A long constant run: the report compares the first and last tenth to show drift (leaks, growing queues). */
    public static LoadProfile soak(double rate, Duration duration) { return new Constant("soak", rate, duration); }

    public static LoadProfile ramp(double from, double to, Duration duration) { return new Ramp(from, to, duration); }

    public static LoadProfile spike(double base, double factor, Duration at, Duration length, Duration duration) {
        return new Spike(base, factor, at, length, duration);
    }

    public static LoadProfile flashSale(int buyers, Duration window) { return new FlashSale(buyers, window); }

    public static LoadProfile multiRegion(double rate, Duration duration, RegionWeights base) {
        return new MultiRegion(rate, duration, base);
    }

    record Constant(String name, double rate, Duration duration) implements LoadProfile {
        Constant {
            check(rate, "--rate");
            if (rate == 0) {
                throw new IllegalArgumentException("--rate must be greater than 0");
            }
            check(duration, "--duration");
        }
        @Override public double rateAt(double t) { return rate; }
        @Override public double expectedArrivals(double t) { return rate * Math.min(Math.max(t, 0), durationSeconds()); }
        @Override public String describe() { return name + " " + fmt(rate) + "/s for " + duration.toSeconds() + "s"; }
    }

    /** Linear from {@code from} to {@code to} over the whole duration. */
    record Ramp(double from, double to, Duration duration) implements LoadProfile {
        Ramp {
            check(from, "--start-rate");
            check(to, "--rate");
            if (from == 0 && to == 0) {
                throw new IllegalArgumentException("a ramp from 0/s to 0/s sends nothing: set --rate");
            }
            check(duration, "--duration");
        }
        @Override public String name() { return "ramp"; }
        @Override public double rateAt(double t) {
            double d = durationSeconds();
            return from + (to - from) * Math.min(Math.max(t, 0), d) / d;
        }
        @Override public double expectedArrivals(double t) {
            double x = Math.min(Math.max(t, 0), durationSeconds());
            return from * x + (to - from) * x * x / (2 * durationSeconds());
        }
        @Override public String describe() {
            return "ramp " + fmt(from) + "/s -> " + fmt(to) + "/s over " + duration.toSeconds() + "s";
        }
    }

    /** {@code base} rate with a window of {@code base * factor} starting at {@code at}. */
    record Spike(double base, double factor, Duration at, Duration length, Duration duration) implements LoadProfile {
        Spike {
            check(base, "--rate");
            if (base == 0) {
                throw new IllegalArgumentException("--rate must be greater than 0");
            }
            if (!(factor >= 1) || factor > 1000) {
                throw new IllegalArgumentException("--spike-factor must be between 1 and 1000, got " + factor);
            }
            check(base * factor, "spike rate (--rate x --spike-factor)");
            check(duration, "--duration");
            if (at.isNegative() || length.isNegative() || length.isZero() || at.plus(length).compareTo(duration) > 0) {
                throw new IllegalArgumentException("the spike (--spike-at " + at.toMillis() + "ms, --spike-length "
                        + length.toMillis() + "ms) must lie inside --duration " + duration.toMillis() + "ms");
            }
        }
        @Override public String name() { return "spike"; }
        private double a() { return seconds(at); }
        private double b() { return seconds(at) + seconds(length); }
        @Override public double rateAt(double t) { return t >= a() && t < b() ? base * factor : base; }
        @Override public double expectedArrivals(double t) {
            double x = Math.min(Math.max(t, 0), durationSeconds());
            double inSpike = Math.max(0, Math.min(x, b()) - a());
            return base * x + base * (factor - 1) * inSpike;
        }
        @Override public String describe() {
            return "spike " + fmt(base) + "/s with x" + fmt(factor) + " from " + fmt(a()) + "s to " + fmt(b()) + "s, "
                    + duration.toSeconds() + "s in all";
        }
    }

    /**
     * Thundering herd: {@code buyers} arrivals within {@code window}, front-loaded (exponential decay with a time
     * constant of a quarter of the window), the way a sale opening at a fixed minute hits.
     */
    record FlashSale(int buyers, Duration duration) implements LoadProfile {
        FlashSale {
            if (buyers < 1 || buyers > 10_000_000) {
                throw new IllegalArgumentException("--buyers must be between 1 and 10000000, got " + buyers);
            }
            check(duration, "--duration (the sale window)");
            check(peak(buyers, seconds(duration)), "flash-sale peak rate (--buyers over --duration)");
        }
        private static double peak(int buyers, double window) {
            double tau = window / 4;
            return buyers / (tau * (1 - Math.exp(-4)));
        }
        private double tau() { return durationSeconds() / 4; }
        @Override public String name() { return "flash-sale"; }
        @Override public double rateAt(double t) {
            return t < 0 || t > durationSeconds() ? 0 : peak(buyers, durationSeconds()) * Math.exp(-t / tau());
        }
        @Override public double expectedArrivals(double t) {
            double x = Math.min(Math.max(t, 0), durationSeconds());
            return peak(buyers, durationSeconds()) * tau() * (1 - Math.exp(-x / tau()));
        }
        /**
         * The whole herd may be out at once: the point of a flash sale is that every buyer races, so one bounded by
         * 2,000 would drop most of a 10,000-buyer herd while the shop queues the first ones. Still a bound: at most
         * {@link #MAX_HERD_IN_FLIGHT}, beyond which buyers are dropped and counted.
         */
        @Override public int defaultMaxInFlight() { return Math.max(DEFAULT_MAX_IN_FLIGHT, Math.min(buyers, MAX_HERD_IN_FLIGHT)); }
        @Override public String describe() {
            return "flash-sale " + buyers + " buyers within " + duration.toMillis() / 1000.0 + "s (peak "
                    + fmt(peak(buyers, durationSeconds())) + "/s)";
        }
    }

    /**
     * Constant total rate whose regional shares follow the sun: each region peaks once per run, a third of the
     * run apart, around its base weight.
     */
    record MultiRegion(double rate, Duration duration, RegionWeights base) implements LoadProfile {
        MultiRegion {
            check(rate, "--rate");
            if (rate == 0) {
                throw new IllegalArgumentException("--rate must be greater than 0");
            }
            check(duration, "--duration");
        }
        @Override public String name() { return "multi-region"; }
        @Override public double rateAt(double t) { return rate; }
        @Override public double expectedArrivals(double t) { return rate * Math.min(Math.max(t, 0), durationSeconds()); }
        @Override public double[] regionWeightsAt(double t) {
            Region[] regions = Region.values();
            double[] w = new double[regions.length];
            for (int i = 0; i < regions.length; i++) {
                double phase = 2 * Math.PI * (t / durationSeconds() - (double) i / regions.length);
                double share = Math.max(base.share(regions[i]), 0.1);
                w[i] = share * (1 + 0.8 * Math.sin(phase));
            }
            return w;
        }
        @Override public String describe() {
            return "multi-region " + fmt(rate) + "/s for " + duration.toSeconds() + "s, follow-the-sun over " + base;
        }
    }
}
