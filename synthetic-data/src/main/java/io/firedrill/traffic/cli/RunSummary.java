package io.firedrill.traffic.cli;

import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.report.ReportWriter;
import java.io.PrintStream;
import java.util.Locale;

/** The lines a finished run prints: rates, each operation, the flash sale, each threshold, and where the reports are. */
final class RunSummary {

    private RunSummary() {}

    static void print(PrintStream out, TrafficResult r, ReportWriter.Files3 files) {
        TrafficResult.Rates rates = r.rates();
        out.printf(Locale.ROOT, "%s: target %.1f/s, achieved %.1f/s (%.1f%%), sent %d, dropped %d, elapsed %.1f s%n",
                r.verdict(), rates.targetMeanRate(), rates.achievedRate(), rates.achievedRatio() * 100, rates.sent(), rates.dropped(),
                r.run().elapsedSeconds());
        for (TrafficResult.OperationSummary op : r.operations()) {
            out.printf(Locale.ROOT, "  %-26s n=%-7d errors %6.2f%%  p50 %9s  p99 %9s  max %9s%n", op.operation(), op.count(),
                    op.errorRate() * 100, ProgressPrinter.fmtMs(op.latencyMs().p50()), ProgressPrinter.fmtMs(op.latencyMs().p99()),
                    ProgressPrinter.fmtMs(op.latencyMs().max()));
        }
        if (r.flashSale() != null) {
            TrafficResult.FlashSaleSummary f = r.flashSale();
            out.printf(Locale.ROOT, "  flash sale %s: %d units, %d buyers, %d completed, %d out of stock, %d declined, oversold %d%n",
                    f.sku(), f.units(), f.buyers(), f.completed(), f.outOfStock(), f.paymentDeclined(), f.oversold());
        }
        for (TrafficResult.ThresholdResult t : r.thresholds()) {
            out.println("  threshold " + t.expression() + ": " + (t.passed() ? "pass" : "FAIL") + " (actual "
                    + String.format(Locale.ROOT, "%.4g", t.actual()) + (t.note() == null ? "" : ", " + t.note()) + ")");
        }
        // The verdict only says the thresholds held: a run that failed most of its requests must not read as healthy.
        r.unjudgedErrors().ifPresent(op -> out.printf(Locale.ROOT, "  note: %s only means every threshold held; none judges errors, and "
                        + "%.1f%% of %s failed (add --max-error-rate 1%% to fail such a run)%n", r.verdict(), op.errorRate() * 100,
                        op.operation()));
        out.println("reports: " + files.json() + ", " + files.markdown() + ", " + files.html());
    }
}
