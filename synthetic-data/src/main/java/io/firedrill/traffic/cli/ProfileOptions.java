package io.firedrill.traffic.cli;

import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.profile.ArrivalSchedule;
import io.firedrill.traffic.profile.LoadProfile;
import io.firedrill.traffic.profile.Profiles;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The load shape. */
final class ProfileOptions {
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
