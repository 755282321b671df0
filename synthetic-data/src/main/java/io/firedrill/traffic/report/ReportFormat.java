package io.firedrill.traffic.report;

import io.firedrill.traffic.Outcome;
import io.firedrill.traffic.TrafficResult;
import java.util.Locale;

/** How the reports show numbers: shares, milliseconds, counts, a threshold's actual value, the unjudged-errors note. */
final class ReportFormat {

    private ReportFormat() {}


    static String pct(double ratio) { return String.format(Locale.ROOT, "%.2f%%", ratio * 100); }

    /** Said under a PASS that no threshold judged errors for: how much failed, and how to make it count. */
    static String unjudgedNote(TrafficResult.OperationSummary op) {
        return String.format(Locale.ROOT, "Every threshold held, but %.1f%% of %s failed and no threshold judges errors "
                + "(add --max-error-rate 1%% to fail such a run).", op.errorRate() * 100, op.operation());
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String ms(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", v / 1000);
        }
        return String.format(Locale.ROOT, "%.1f ms", v);
    }

    static long outcome(TrafficResult.OperationSummary op, Outcome o) { return op.outcomes().getOrDefault(o.key(), 0L); }

    static String actualText(TrafficResult.ThresholdResult t) {
        String e = t.expression();
        if (e.contains("rate") || e.contains("ratio")) {
            return pct(t.actual());
        }
        if (e.contains("oversold")) {
            return num(t.actual());
        }
        return ms(t.actual());
    }

}
