package io.firedrill.traffic;

import java.util.Map;

/**
 * The run's figures at the end of one second, published by the runner thread for progress lines, the
 * Prometheus endpoint and in-process callers. Immutable.
 *
 * @param targetRate   arrivals per second the profile asked for in the last second
 * @param achievedRate requests actually sent in the last second
 */
public record LiveSnapshot(String runId, String profile, double elapsedSeconds, double plannedSeconds,
                           double targetRate, double achievedRate, int inFlight, long scheduled, long sent,
                           long dropped, Map<Operation, Op> operations, boolean finished) {

    /**
     * Cumulative counts and corrected latencies of one operation; {@code lastSecondP99Ms} covers the last second only.
     */
    public record Op(Map<Outcome, Long> outcomes, double p50Ms, double p90Ms, double p95Ms, double p99Ms,
                     double p999Ms, double maxMs, double meanMs, double lastSecondP99Ms, long lastSecondCount) {

        public long count() { return outcomes.values().stream().mapToLong(Long::longValue).sum(); }

        public long count(Outcome outcome) { return outcomes.getOrDefault(outcome, 0L); }

        public long errors() {
            return outcomes.entrySet().stream().filter(e -> e.getKey().error()).mapToLong(Map.Entry::getValue).sum();
        }
    }

    public static LiveSnapshot empty(String runId, String profile, double plannedSeconds) {
        return new LiveSnapshot(runId, profile, 0, plannedSeconds, 0, 0, 0, 0, 0, 0, Map.of(), false);
    }

    /** Errors over answered single requests (not dropped), cumulative. */
    public double errorRate() {
        long errors = 0;
        long total = 0;
        for (Map.Entry<Operation, Op> e : operations.entrySet()) {
            if (e.getKey().singleRequest()) {
                errors += e.getValue().errors();
                total += e.getValue().count() - e.getValue().count(Outcome.DROPPED);
            }
        }
        return total == 0 ? 0 : (double) errors / total;
    }
}
