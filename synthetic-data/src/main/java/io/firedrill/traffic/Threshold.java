package io.firedrill.traffic;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail rule on the results: {@code SCOPE.METRIC OP VALUE}, e.g. {@code requests.p99<=300ms},
 * {@code checkout_completed.error_rate<=1%}, {@code run.achieved_ratio>=95%}.
 * <ul>
 *   <li>scopes: an operation key, {@code requests} (every single-request operation merged), {@code run}</li>
 *   <li>latency metrics (ms, s, us suffixes): p50 p90 p95 p99 p999 max mean</li>
 *   <li>ratios (percent or fraction): error_rate, drop_rate (run), achieved_ratio (run)</li>
 *   <li>counts: oversold (run, flash sale)</li>
 * </ul>
 */
public record Threshold(String scope, String metric, Comparison comparison, double limit, String expression) {

    public enum Comparison {
        AT_MOST("<="), LESS("<"), AT_LEAST(">="), GREATER(">");

        final String symbol;

        Comparison(String symbol) { this.symbol = symbol; }

        boolean holds(double actual, double limit) {
            switch (this) {
                case AT_MOST: return actual <= limit;
                case LESS: return actual < limit;
                case AT_LEAST: return actual >= limit;
                default: return actual > limit;
            }
        }
    }

    private static final Pattern SYNTAX = Pattern.compile("\\s*([a-z_]+)\\.([a-z0-9_]+)\\s*(<=|>=|<|>)\\s*(\\S+)\\s*");
    private static final List<String> LATENCY = List.of("p50", "p90", "p95", "p99", "p999", "max", "mean");
    private static final List<String> RATIOS = List.of("error_rate", "drop_rate", "achieved_ratio");

    public static Threshold parse(String text) {
        Matcher m = SYNTAX.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("threshold '" + text + "' is not SCOPE.METRIC<=VALUE (e.g. requests.p99<=300ms,"
                    + " checkout_completed.error_rate<=1%, run.achieved_ratio>=95%)");
        }
        String scope = m.group(1);
        String metric = m.group(2);
        Comparison cmp = switch (m.group(3)) {
            case "<=" -> Comparison.AT_MOST;
            case "<" -> Comparison.LESS;
            case ">=" -> Comparison.AT_LEAST;
            default -> Comparison.GREATER;
        };
        if (!scope.equals("requests") && !scope.equals("run")) {
            Operation.fromKey(scope);
        }
        double limit;
        if (LATENCY.contains(metric)) {
            if (scope.equals("run")) {
                throw new IllegalArgumentException("threshold '" + text + "': latency metrics need an operation or 'requests', not 'run'");
            }
            limit = millis(parseDuration(m.group(4)));
        } else if (RATIOS.contains(metric)) {
            if (!scope.equals("run") && !metric.equals("error_rate")) {
                throw new IllegalArgumentException("threshold '" + text + "': " + metric + " belongs to scope 'run'");
            }
            limit = ratio(m.group(4));
        } else if (metric.equals("oversold")) {
            limit = Double.parseDouble(m.group(4));
        } else {
            throw new IllegalArgumentException("threshold '" + text + "': unknown metric '" + metric + "' (known: "
                    + String.join(", ", LATENCY) + ", " + String.join(", ", RATIOS) + ", oversold)");
        }
        return new Threshold(scope, metric, cmp, limit, scope + "." + metric + cmp.symbol + m.group(4));
    }

    public static Threshold maxLatency(String scope, String metric, Duration limit) {
        double ms = limit.toNanos() / 1e6;
        String text = ms == Math.rint(ms) ? Long.toString((long) ms) : String.format(Locale.ROOT, "%.3f", ms);
        return parse(scope + "." + metric + "<=" + text + "ms");
    }

    static double millis(Duration d) { return d.toNanos() / 1e6; }

    /** {@code 300ms}, {@code 1.5s}, {@code 250us}, {@code 2m}; a bare number is milliseconds. */
    public static Duration parseDuration(String text) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|h)?").matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 300ms, 1.5s, 10m");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double nanos = switch (unit) {
            case "us" -> value * 1e3;
            case "ms" -> value * 1e6;
            case "s" -> value * 1e9;
            case "m" -> value * 60e9;
            default -> value * 3600e9;
        };
        if (nanos > Duration.ofDays(3650).toNanos()) {
            throw new IllegalArgumentException("'" + text + "' is an absurd duration");
        }
        return Duration.ofNanos((long) nanos);
    }

    /** {@code 1%} or {@code 0.01}. */
    public static double ratio(String text) {
        String t = text.trim();
        double value;
        try {
            value = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100 : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a ratio such as 1% or 0.01");
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("'" + text + "' must be between 0% and 100%");
        }
        return value;
    }

    public boolean latency() { return LATENCY.contains(metric); }

    /** Checks this rule against a result; a scope with no samples passes with a note, since nothing was measured. */
    public TrafficResult.ThresholdResult evaluate(TrafficResult result) {
        double actual;
        String note = null;
        if (scope.equals("run")) {
            switch (metric) {
                case "drop_rate" -> actual = result.rates().dropRate();
                case "achieved_ratio" -> actual = result.rates().achievedRatio();
                case "error_rate" -> actual = errorRate(result);
                case "oversold" -> {
                    if (result.flashSale() == null) {
                        return new TrafficResult.ThresholdResult(expression, limit, 0, true, "not a flash sale");
                    }
                    actual = result.flashSale().oversold();
                }
                default -> throw new IllegalStateException(metric);
            }
        } else if (scope.equals("requests")) {
            if (latency()) {
                TrafficResult.Percentiles p = result.requestsLatencyMs();
                actual = p.get(metric);
                note = p.count() == 0 ? "no samples" : null;
            } else {
                actual = errorRate(result);
            }
        } else {
            TrafficResult.OperationSummary op = result.operation(Operation.fromKey(scope));
            if (op == null) {
                return new TrafficResult.ThresholdResult(expression, limit, 0, true, "no samples");
            }
            actual = latency() ? op.latencyMs().get(metric) : op.errorRate();
            note = latency() && op.latencyMs().count() == 0 ? "no samples" : null;
        }
        boolean passed = note != null || comparison.holds(actual, limit);
        return new TrafficResult.ThresholdResult(expression, limit, actual, passed, note);
    }

    private static double errorRate(TrafficResult result) {
        long errors = 0;
        long answered = 0;
        for (TrafficResult.OperationSummary op : result.operations()) {
            if (Operation.fromKey(op.operation()).singleRequest()) {
                errors += op.errors();
                answered += op.count() - op.outcomes().getOrDefault(Outcome.DROPPED.key(), 0L);
            }
        }
        return answered == 0 ? 0 : (double) errors / answered;
    }
}
