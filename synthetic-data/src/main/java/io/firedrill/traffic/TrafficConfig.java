package io.firedrill.traffic;

import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.profile.ArrivalSchedule;
import io.firedrill.traffic.profile.LoadProfile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One run's settings. Build with {@link #builder(LoadProfile)}; the defaults work against the local stack.
 *
 * @param maxInFlight        requests sent or waiting for a connection; an arrival beyond it is dropped and counted
 *                           (default: the profile's {@link LoadProfile#defaultMaxInFlight()})
 * @param maxConnections     keep-alive connections per target service
 * @param rawUrl             when set, every arrival is a plain GET of this URL (operation {@code request}) instead of
 *                           the shop workload: for benchmarks and smoke loads of any endpoint
 * @param metricsPort        Prometheus exposition port while the run lasts; null = off, 0 = any free port
 * @param prometheusTargetsDir file_sd directory where the run registers its metrics endpoint, or null
 * @param progress           called once a second on the runner thread with the live figures; keep it quick
 */
public record TrafficConfig(LoadProfile profile, long seed, DataSpec data, Targets targets,
                            ArrivalSchedule.Spacing spacing, int maxInFlight, int maxConnections, Duration requestTimeout,
                            boolean trackCompletion, Duration pollInterval, Duration completionTimeout,
                            int maxTrackedCheckouts, boolean loadCatalog, boolean preflight,
                            boolean allowRemoteTargets, List<Threshold> thresholds, Integer metricsPort,
                            Path prometheusTargetsDir, URI rawUrl, String runId, Map<String, String> headers,
                            Consumer<LiveSnapshot> progress) {

    public static final int MAX_IN_FLIGHT_LIMIT = 100_000;
    public static final long MAX_ARRIVALS = 50_000_000L;

    public TrafficConfig {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(targets, "targets");
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
            throw new IllegalArgumentException("--max-in-flight must be between 1 and " + MAX_IN_FLIGHT_LIMIT + ", got " + maxInFlight);
        }
        if (maxConnections < 1 || maxConnections > MAX_IN_FLIGHT_LIMIT) {
            throw new IllegalArgumentException("--max-connections must be between 1 and " + MAX_IN_FLIGHT_LIMIT + ", got " + maxConnections);
        }
        positive(requestTimeout, "--timeout", Duration.ofMinutes(10));
        positive(pollInterval, "--poll-interval", Duration.ofMinutes(1));
        positive(completionTimeout, "--completion-timeout", Duration.ofHours(1));
        if (maxTrackedCheckouts < 0 || maxTrackedCheckouts > 1_000_000) {
            throw new IllegalArgumentException("--max-tracked must be between 0 and 1000000, got " + maxTrackedCheckouts);
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new IllegalArgumentException("--metrics-port must be between 0 and 65535, got " + metricsPort);
        }
        double expected = profile.expectedArrivals(profile.durationSeconds());
        if (expected > MAX_ARRIVALS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s would send %.0f requests: the limit for one run is %d", profile.describe(), expected, MAX_ARRIVALS));
        }
        thresholds = List.copyOf(thresholds);
        headers = Map.copyOf(headers);
        if (runId == null || runId.isBlank()) {
            runId = profile.name() + "-" + seed + "-" + System.currentTimeMillis();
        }
    }

    private static void positive(Duration d, String what, Duration max) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " of " + d + " is absurd: the limit is " + max);
        }
    }

    public static Builder builder(LoadProfile profile) { return new Builder(profile); }

    public Builder toBuilder() {
        Builder b = new Builder(profile);
        b.seed = seed; b.data = data; b.targets = targets; b.spacing = spacing; b.maxInFlight = maxInFlight; b.maxConnections = maxConnections;
        b.requestTimeout = requestTimeout; b.trackCompletion = trackCompletion; b.pollInterval = pollInterval;
        b.completionTimeout = completionTimeout; b.maxTrackedCheckouts = maxTrackedCheckouts; b.loadCatalog = loadCatalog;
        b.preflight = preflight; b.allowRemoteTargets = allowRemoteTargets; b.thresholds = new ArrayList<>(thresholds);
        b.metricsPort = metricsPort; b.prometheusTargetsDir = prometheusTargetsDir; b.rawUrl = rawUrl; b.runId = runId;
        b.headers = headers; b.progress = progress;
        return b;
    }

    public static final class Builder {
        private LoadProfile profile;
        private long seed = 42;
        private DataSpec data = DataSpec.defaults();
        private Targets targets = Targets.defaults();
        private ArrivalSchedule.Spacing spacing = ArrivalSchedule.Spacing.UNIFORM;
        private Integer maxInFlight;
        private int maxConnections = 500;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private boolean trackCompletion = true;
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration completionTimeout = Duration.ofSeconds(30);
        private int maxTrackedCheckouts = 20_000;
        private boolean loadCatalog = true;
        private boolean preflight = true;
        private boolean allowRemoteTargets;
        private List<Threshold> thresholds = new ArrayList<>();
        private Integer metricsPort;
        private Path prometheusTargetsDir;
        private URI rawUrl;
        private String runId;
        private Map<String, String> headers = Map.of();
        private Consumer<LiveSnapshot> progress;

        private Builder(LoadProfile profile) { this.profile = profile; }

        public Builder profile(LoadProfile v) { profile = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder data(DataSpec v) { data = v; return this; }
        public Builder targets(Targets v) { targets = v; return this; }
        public Builder spacing(ArrivalSchedule.Spacing v) { spacing = v; return this; }
        /** Bound on requests sent or waiting for a connection; null = the profile's default. */
        public Builder maxInFlight(Integer v) { maxInFlight = v; return this; }
        /** Keep-alive connections per target service; requests beyond them wait for one (counted as in flight). */
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder trackCompletion(boolean v) { trackCompletion = v; return this; }
        public Builder pollInterval(Duration v) { pollInterval = v; return this; }
        public Builder completionTimeout(Duration v) { completionTimeout = v; return this; }
        public Builder maxTrackedCheckouts(int v) { maxTrackedCheckouts = v; return this; }
        public Builder loadCatalog(boolean v) { loadCatalog = v; return this; }
        public Builder preflight(boolean v) { preflight = v; return this; }
        public Builder allowRemoteTargets(boolean v) { allowRemoteTargets = v; return this; }
        public Builder threshold(Threshold v) { thresholds.add(v); return this; }
        public Builder thresholds(List<Threshold> v) { thresholds = new ArrayList<>(v); return this; }
        public Builder metricsPort(Integer v) { metricsPort = v; return this; }
        public Builder prometheusTargetsDir(Path v) { prometheusTargetsDir = v; return this; }
        public Builder rawUrl(URI v) { rawUrl = v; return this; }
        public Builder runId(String v) { runId = v; return this; }
        public Builder headers(Map<String, String> v) { headers = v; return this; }
        public Builder progress(Consumer<LiveSnapshot> v) { progress = v; return this; }

        public TrafficConfig build() {
            return new TrafficConfig(profile, seed, data, targets, spacing,
                    maxInFlight != null ? maxInFlight : profile.defaultMaxInFlight(), maxConnections, requestTimeout, trackCompletion,
                    pollInterval, completionTimeout, maxTrackedCheckouts, loadCatalog, preflight, allowRemoteTargets,
                    thresholds, metricsPort, prometheusTargetsDir, rawUrl, runId, headers, progress);
        }
    }
}
