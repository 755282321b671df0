package io.firedrill.traffic;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Everything a run measured, in the shape written to {@code traffic.json}. Latencies are in milliseconds and,
 * unless named {@code serviceTimeMs}, measured from each request's intended start (coordinated-omission
 * corrected): a stall of the target shows as the wait every scheduled user suffered, not as one slow request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrafficResult(RunInfo run, Rates rates, List<OperationSummary> operations, Percentiles requestsLatencyMs,
                            List<RegionSummary> regions, List<TimelinePoint> timeline, List<Marker> markers,
                            FlashSaleSummary flashSale, Map<String, Drift> drift, List<ThresholdResult> thresholds,
                            String verdict, int exitCode) {

    public static final String PASS = "PASS";
    public static final String FAIL = "FAIL";
    /** Above this error rate of some operation, a run that no error-rate threshold judged does not read as a pass. */
    public static final double UNJUDGED_ERROR_RATE = 0.01;

    /**
     * The operation that failed most, when some operation failed more than {@link #UNJUDGED_ERROR_RATE} of its requests
     * and no threshold judged errors: the verdict then only says that the thresholds held, and the reports show it
     * as "PASS, errors unjudged" instead of a green pass.
     */
    public java.util.Optional<OperationSummary> unjudgedErrors() {
        boolean errorsJudged = thresholds != null && thresholds.stream().anyMatch(t -> t.expression().contains("error_rate"));
        if (errorsJudged || operations == null) {
            return java.util.Optional.empty();
        }
        return operations.stream().filter(op -> op.errorRate() > UNJUDGED_ERROR_RATE)
                .max(java.util.Comparator.comparingDouble(OperationSummary::errorRate));
    }

    /** The verdict as the reports show it: PASS, FAIL, or PASS with errors no threshold judged. */
    public String verdictShown() {
        return PASS.equals(verdict) && unjudgedErrors().isPresent() ? PASS + ", errors unjudged" : verdict;
    }

    public record RunInfo(String runId, String tool, String profile, String profileDescription, long seed,
                          String arrivals, String startedAt, double plannedSeconds, double elapsedSeconds,
                          boolean interrupted, Map<String, String> targets, String workloadMix, String regions,
                          double declineRatio, int maxInFlight, long requestTimeoutMs, long connectionsOpened,
                          int availableProcessors, String java) {}

    /**
     * @param achievedRate sent requests per second over the scheduling window
     * @param achievedRatio achievedRate / targetMeanRate
     * @param scheduleLagMs how late requests left the generator after their intended instant
     */
    public record Rates(double targetMeanRate, double targetPeakRate, long scheduled, long sent, long dropped,
                        double achievedRate, double achievedRatio, double dropRate, Percentiles scheduleLagMs) {}

    public record Percentiles(long count, double p50, double p90, double p95, double p99, double p999, double max,
                              double mean) {
        public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0, 0);

        public double get(String metric) {
            switch (metric) {
                case "p50": return p50;
                case "p90": return p90;
                case "p95": return p95;
                case "p99": return p99;
                case "p999": return p999;
                case "max": return max;
                case "mean": return mean;
                default: throw new IllegalArgumentException("unknown latency metric " + metric);
            }
        }
    }

    /**
     * @param count   all outcomes including dropped
     * @param hdr     the corrected histogram (microseconds), compressed and base64-encoded, for merging runs later
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record OperationSummary(String operation, long count, Map<String, Long> outcomes, long errors, double errorRate,
                                   Percentiles latencyMs, Percentiles serviceTimeMs, Map<String, Long> reasons,
                                   String hdr) {
        /** Empty maps are left out of the JSON (NON_EMPTY): read back, they are empty again, not null. */
        public OperationSummary {
            outcomes = outcomes == null ? Map.of() : outcomes;
            reasons = reasons == null ? Map.of() : reasons;
        }
    }

    public record RegionSummary(String region, long requests, long errors, double errorRate, Percentiles latencyMs,
                                Percentiles checkoutCompletedMs) {}

    /** One second of the run; {@code t} is the end of the second, relative to the start. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record TimelinePoint(double t, double targetRate, long sent, long dropped, long responses, int inFlight,
                                Map<String, Long> errors, Map<String, OpPoint> operations) {
        /** Empty maps are left out of the JSON (NON_EMPTY): read back, they are empty again, not null. */
        public TimelinePoint {
            errors = errors == null ? Map.of() : errors;
            operations = operations == null ? Map.of() : operations;
        }
    }

    public record OpPoint(long count, long errors, double p50, double p95, double p99, double max) {}

    public record Marker(double t, String label) {}

    /** Flash sale books: more completed orders than units is an oversell. */
    public record FlashSaleSummary(String sku, int units, int buyers, long accepted, long completed,
                                   long paymentDeclined, long outOfStock, long otherOutcomes, long oversold,
                                   String stockAfter) {}

    /** Soak: p99 of the last tenth of the run against the first tenth. */
    public record Drift(double firstTenthP99Ms, double lastTenthP99Ms, double ratio) {}

    public record ThresholdResult(String expression, double limit, double actual, boolean passed, String note) {}

    public OperationSummary operation(Operation op) {
        return operations.stream().filter(o -> o.operation().equals(op.key())).findFirst().orElse(null);
    }
}
