package io.firedrill.traffic.report;

import static io.firedrill.traffic.report.ReportFormat.actualText;
import static io.firedrill.traffic.report.ReportFormat.ms;
import static io.firedrill.traffic.report.ReportFormat.num;
import static io.firedrill.traffic.report.ReportFormat.outcome;
import static io.firedrill.traffic.report.ReportFormat.pct;
import static io.firedrill.traffic.report.ReportFormat.unjudgedNote;

import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Outcome;
import io.firedrill.traffic.TrafficResult;
import java.util.List;

/** {@code traffic.md}: the run, its rates, operations, regions, flash sale, drift and thresholds as Markdown tables. */
final class MarkdownReport {

    private MarkdownReport() {}

    static String render(TrafficResult r) {
        StringBuilder b = new StringBuilder();
        TrafficResult.RunInfo run = r.run();
        b.append("# Traffic run ").append(run.runId()).append(" — ").append(r.verdictShown()).append("\n\n");
        r.unjudgedErrors().ifPresent(op -> b.append("> ").append(unjudgedNote(op)).append("\n\n"));
        b.append("- profile: ").append(run.profileDescription()).append(" (").append(run.arrivals()).append(" arrivals)\n");
        b.append("- seed: ").append(run.seed()).append(", workload: ").append(run.workloadMix()).append(", regions: ")
                .append(run.regions()).append(", declining cards: ").append(pct(run.declineRatio())).append('\n');
        b.append("- started: ").append(run.startedAt()).append(", elapsed ").append(num(run.elapsedSeconds())).append(" s")
                .append(run.interrupted() ? " (stopped early)" : "").append('\n');
        b.append("- targets: ");
        run.targets().forEach((k, v) -> b.append(k).append(' ').append(v).append("; "));
        b.append("\n- in-flight bound ").append(run.maxInFlight()).append(", request timeout ").append(run.requestTimeoutMs())
                .append(" ms, connections opened ").append(run.connectionsOpened()).append("\n\n");
        TrafficResult.Rates rates = r.rates();
        b.append("| target mean rate | achieved rate | ratio | scheduled | sent | dropped | schedule lag p99 |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        b.append("| ").append(num(rates.targetMeanRate())).append("/s | ").append(num(rates.achievedRate())).append("/s | ")
                .append(pct(rates.achievedRatio())).append(" | ").append(rates.scheduled()).append(" | ").append(rates.sent())
                .append(" | ").append(rates.dropped()).append(" (").append(pct(rates.dropRate())).append(") | ")
                .append(ms(rates.scheduleLagMs().p99())).append(" |\n\n");
        if (!r.thresholds().isEmpty()) {
            b.append("## Thresholds\n\n| rule | actual | result |\n|---|---:|---|\n");
            for (TrafficResult.ThresholdResult t : r.thresholds()) {
                b.append("| `").append(t.expression()).append("` | ").append(actualText(t)).append(" | ")
                        .append(t.passed() ? "pass" : "**FAIL**").append(t.note() == null ? "" : " (" + t.note() + ")").append(" |\n");
            }
            b.append('\n');
        }
        b.append("## Operations\n\nLatency from the intended start (coordinated-omission corrected); service time from the moment"
                + " the request left.\n\n");
        b.append("| operation | count | ok | declined | 4xx | 5xx | timeout | conn | saga failed | dropped | error rate | p50 | p95 | p99 | p99.9 | max | p99 service |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (TrafficResult.OperationSummary op : r.operations()) {
            TrafficResult.Percentiles p = op.latencyMs();
            b.append("| ").append(op.operation()).append(" | ").append(op.count()).append(" | ").append(outcome(op, Outcome.OK))
                    .append(" | ").append(outcome(op, Outcome.BUSINESS_DECLINE)).append(" | ").append(outcome(op, Outcome.CLIENT_ERROR))
                    .append(" | ").append(outcome(op, Outcome.SERVER_ERROR)).append(" | ").append(outcome(op, Outcome.TIMEOUT))
                    .append(" | ").append(outcome(op, Outcome.CONNECTION_ERROR)).append(" | ").append(outcome(op, Outcome.SAGA_FAILED))
                    .append(" | ").append(outcome(op, Outcome.DROPPED)).append(" | ").append(pct(op.errorRate())).append(" | ")
                    .append(ms(p.p50())).append(" | ").append(ms(p.p95())).append(" | ").append(ms(p.p99())).append(" | ")
                    .append(ms(p.p999())).append(" | ").append(ms(p.max())).append(" | ").append(ms(op.serviceTimeMs().p99())).append(" |\n");
        }
        b.append('\n');
        for (TrafficResult.OperationSummary op : r.operations()) {
            if (!op.reasons().isEmpty()) {
                b.append("- ").append(op.operation()).append(" reasons: ");
                op.reasons().forEach((k, v) -> b.append(k).append(" ").append(v).append("; "));
                b.append('\n');
            }
        }
        if (!r.regions().isEmpty()) {
            b.append("\n## Regions\n\n| region | requests | errors | error rate | p99 | checkout completed p99 |\n|---|---:|---:|---:|---:|---:|\n");
            for (TrafficResult.RegionSummary g : r.regions()) {
                b.append("| ").append(g.region()).append(" | ").append(g.requests()).append(" | ").append(g.errors()).append(" | ")
                        .append(pct(g.errorRate())).append(" | ").append(ms(g.latencyMs().p99())).append(" | ")
                        .append(g.checkoutCompletedMs().count() == 0 ? "-" : ms(g.checkoutCompletedMs().p99())).append(" |\n");
            }
        }
        if (r.flashSale() != null) {
            TrafficResult.FlashSaleSummary f = r.flashSale();
            b.append("\n## Flash sale\n\n| sku | units | buyers | accepted | completed | payment declined | out of stock | other | oversold | stock after |\n");
            b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            b.append("| ").append(f.sku()).append(" | ").append(f.units()).append(" | ").append(f.buyers()).append(" | ")
                    .append(f.accepted()).append(" | ").append(f.completed()).append(" | ").append(f.paymentDeclined()).append(" | ")
                    .append(f.outOfStock()).append(" | ").append(f.otherOutcomes()).append(" | ")
                    .append(f.oversold() > 0 ? "**" + f.oversold() + "**" : "0").append(" | ")
                    .append(f.stockAfter() == null ? "-" : "`" + f.stockAfter().replace("|", "\\|") + "`").append(" |\n");
        }
        if (r.drift() != null) {
            b.append("\n## Drift (p99, first vs last tenth)\n\n| operation | first | last | ratio |\n|---|---:|---:|---:|\n");
            r.drift().forEach((op, d) -> b.append("| ").append(op).append(" | ").append(ms(d.firstTenthP99Ms())).append(" | ")
                    .append(ms(d.lastTenthP99Ms())).append(" | ").append(num(d.ratio())).append("x |\n"));
        }
        if (!r.markers().isEmpty()) {
            b.append("\n## Markers\n\n");
            for (TrafficResult.Marker m : r.markers()) {
                b.append("- ").append(num(m.t())).append(" s: ").append(m.label()).append('\n');
            }
        }
        b.append("\n## Timeline\n\n| t (s) | target/s | sent | dropped | responses | in flight | errors | p99 (all ops, worst) |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<TrafficResult.TimelinePoint> tl = r.timeline();
        int step = Math.max(1, (int) Math.ceil(tl.size() / 60.0));
        for (int i = 0; i < tl.size(); i += step) {
            TrafficResult.TimelinePoint p = tl.get(i);
            long errors = p.errors().values().stream().mapToLong(Long::longValue).sum();
            double worst = p.operations().entrySet().stream().filter(e -> Operation.fromKey(e.getKey()).singleRequest())
                    .mapToDouble(e -> e.getValue().p99()).max().orElse(0);
            b.append("| ").append(num(p.t())).append(" | ").append(num(p.targetRate())).append(" | ").append(p.sent()).append(" | ")
                    .append(p.dropped()).append(" | ").append(p.responses()).append(" | ").append(p.inFlight()).append(" | ")
                    .append(errors).append(" | ").append(ms(worst)).append(" |\n");
        }
        if (step > 1) {
            b.append("\n(every ").append(step).append(" s; the JSON has every second)\n");
        }
        return b.toString();
    }
}
