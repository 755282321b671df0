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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** {@code traffic.html}: a standalone page (inline SVG charts and script, no network) of the same figures as the Markdown. */
final class HtmlReport {

    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};

    private HtmlReport() {}

    static String render(TrafficResult r) {
        TrafficResult.RunInfo run = r.run();
        List<TrafficResult.TimelinePoint> tl = r.timeline();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Traffic run ").append(SvgChart.esc(run.runId())).append("</title><style>")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:24px auto;max-width:960px;color:#222;background:#fff}")
                .append("h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}")
                .append(".meta{color:#555;font-size:13px;line-height:1.5}.badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;font-weight:600;font-size:14px}")
                .append(".PASS{background:#2ca02c}.FAIL{background:#d62728}.UNJUDGED{background:#e6a100}.unjudged{color:#8a5a00;font-weight:600}")
                .append(".cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:120px}")
                .append(".card b{display:block;font-size:18px}.card span{font-size:12px;color:#666}")
                .append("table{border-collapse:collapse;font-size:12.5px;width:100%}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}tr.fail td{color:#d62728;font-weight:600}")
                .append("svg.chart{width:100%;height:auto;margin:6px 0 12px;background:#fcfcfc;border:1px solid #eee}")
                .append("svg .grid{stroke:#e6e6e6}svg .axis{stroke:#888}svg .tick,svg .lg{font-size:11px;fill:#444}svg .al{font-size:11px;fill:#666}")
                .append("svg .ct{font-size:13px;font-weight:600;fill:#222}svg .marker line{stroke:#555;stroke-dasharray:3 3}svg .marker text{font-size:10px;fill:#555}")
                .append("#tip{position:fixed;pointer-events:none;background:#222;color:#fff;font-size:11px;padding:3px 6px;border-radius:3px;display:none}")
                .append("</style></head><body>");
        String badge = r.unjudgedErrors().isPresent() && TrafficResult.PASS.equals(r.verdict()) ? "UNJUDGED" : r.verdict();
        b.append("<h1>Traffic run ").append(SvgChart.esc(run.runId())).append(" <span class=\"badge ").append(badge).append("\">")
                .append(SvgChart.esc(r.verdictShown())).append("</span></h1>");
        r.unjudgedErrors().ifPresent(op -> b.append("<p class=\"unjudged\">").append(SvgChart.esc(unjudgedNote(op))).append("</p>"));
        b.append("<div class=\"meta\">").append(SvgChart.esc(run.profileDescription())).append(" · ").append(run.arrivals())
                .append(" arrivals · seed ").append(run.seed()).append(" · started ").append(SvgChart.esc(run.startedAt()))
                .append(" · elapsed ").append(num(run.elapsedSeconds())).append(" s").append(run.interrupted() ? " (stopped early)" : "")
                .append("<br>workload ").append(SvgChart.esc(run.workloadMix())).append(" · regions ").append(SvgChart.esc(run.regions()))
                .append(" · declining cards ").append(pct(run.declineRatio())).append("<br>targets ");
        run.targets().forEach((k, v) -> b.append(SvgChart.esc(k)).append(' ').append(SvgChart.esc(v)).append(" · "));
        b.append("in-flight bound ").append(run.maxInFlight()).append(" · timeout ").append(run.requestTimeoutMs()).append(" ms · ")
                .append(SvgChart.esc(run.tool())).append(", java ").append(SvgChart.esc(run.java())).append("</div>");

        TrafficResult.Rates rates = r.rates();
        TrafficResult.OperationSummary e2e = r.operation(Operation.CHECKOUT_COMPLETED);
        b.append("<div class=\"cards\">");
        card(b, num(rates.targetMeanRate()) + "/s", "target mean rate");
        card(b, num(rates.achievedRate()) + "/s", "achieved (" + pct(rates.achievedRatio()) + ")");
        card(b, Long.toString(rates.sent()), "sent");
        card(b, rates.dropped() + "", "dropped (" + pct(rates.dropRate()) + ")");
        card(b, ms(r.requestsLatencyMs().p99()), "p99 all requests");
        if (e2e != null) {
            card(b, ms(e2e.latencyMs().p99()), "p99 checkout end to end");
        }
        card(b, ms(rates.scheduleLagMs().p99()), "schedule lag p99");
        b.append("</div>");

        if (!r.thresholds().isEmpty()) {
            b.append("<h2>Thresholds</h2><table id=\"thresholds\"><tr><th>rule</th><th>actual</th><th>result</th></tr>");
            for (TrafficResult.ThresholdResult t : r.thresholds()) {
                b.append("<tr class=\"").append(t.passed() ? "pass" : "fail").append("\"><td><code>").append(SvgChart.esc(t.expression()))
                        .append("</code></td><td>").append(actualText(t)).append("</td><td>").append(t.passed() ? "pass" : "FAIL")
                        .append(t.note() == null ? "" : " (" + SvgChart.esc(t.note()) + ")").append("</td></tr>");
            }
            b.append("</table>");
        }

        double[] xs = tl.stream().mapToDouble(TrafficResult.TimelinePoint::t).toArray();
        b.append("<h2>Rate</h2>");
        SvgChart rate = new SvgChart("chart-rate", "Requests per second: target vs sent", "seconds", "requests/s")
                .add(new SvgChart.Series("target", "#888888", xs, tl.stream().mapToDouble(TrafficResult.TimelinePoint::targetRate).toArray(), true, false))
                .add(new SvgChart.Series("sent", PALETTE[0], xs, tl.stream().mapToDouble(p -> p.sent()).toArray(), false, true))
                .add(new SvgChart.Series("responses", PALETTE[2], xs, tl.stream().mapToDouble(p -> p.responses()).toArray(), false, false))
                .add(new SvgChart.Series("dropped", PALETTE[1], xs, tl.stream().mapToDouble(p -> p.dropped()).toArray(), false, false));
        markers(rate, r);
        b.append(rate.render());

        b.append("<h2>Latency percentiles over time</h2><div class=\"meta\">Per second, from each request's intended start"
                + " (coordinated-omission corrected), log scale.</div>");
        for (TrafficResult.OperationSummary op : r.operations()) {
            if (op.latencyMs().count() == 0) {
                continue;
            }
            String key = op.operation();
            List<TrafficResult.TimelinePoint> with = tl.stream().filter(p -> p.operations().containsKey(key)).toList();
            double[] ox = with.stream().mapToDouble(TrafficResult.TimelinePoint::t).toArray();
            SvgChart c = new SvgChart("chart-latency-" + key, key + ": p50 / p95 / p99 / max", "seconds", "ms").logY()
                    .add(new SvgChart.Series("p50", PALETTE[2], ox, with.stream().mapToDouble(p -> p.operations().get(key).p50()).toArray(), false, false))
                    .add(new SvgChart.Series("p95", PALETTE[4], ox, with.stream().mapToDouble(p -> p.operations().get(key).p95()).toArray(), false, false))
                    .add(new SvgChart.Series("p99", PALETTE[1], ox, with.stream().mapToDouble(p -> p.operations().get(key).p99()).toArray(), false, false))
                    .add(new SvgChart.Series("max", "#999999", ox, with.stream().mapToDouble(p -> p.operations().get(key).max()).toArray(), true, false));
            markers(c, r);
            b.append(c.render());
        }

        b.append("<h2>Errors</h2>");
        SvgChart errors = new SvgChart("chart-errors", "Errors per second by class (dropped shown on the rate chart)", "seconds", "errors/s");
        int color = 1;
        for (Outcome o : Outcome.values()) {
            if (!o.error()) {
                continue;
            }
            double[] ys = tl.stream().mapToDouble(p -> p.errors().getOrDefault(o.key(), 0L)).toArray();
            boolean any = false;
            for (double y : ys) {
                any |= y > 0;
            }
            if (any) {
                errors.add(new SvgChart.Series(o.key(), PALETTE[color++ % PALETTE.length], xs, ys, false, true));
            }
        }
        if (errors.empty()) {
            errors.add(new SvgChart.Series("errors (none)", PALETTE[2], xs, new double[xs.length], false, false));
        }
        markers(errors, r);
        b.append(errors.render());

        b.append("<h2>Latency distribution</h2>");
        double[] ticks = {1, 2, 10, 100, 1000, 10000, 100000};
        String[] labels = {"0%", "50%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
        SvgChart dist = new SvgChart("chart-percentiles", "Latency by percentile (whole run, corrected)", "percentile", "ms")
                .logY().logX(ticks, labels);
        int i = 0;
        for (TrafficResult.OperationSummary op : r.operations()) {
            Histogram h = decode(op.hdr());
            if (h == null || h.getTotalCount() == 0) {
                continue;
            }
            List<double[]> pts = new ArrayList<>();
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 0.99999) {
                    break;
                }
                pts.add(new double[] {1 / (1 - p), v.getValueIteratedTo() / 1000.0});
            }
            dist.add(new SvgChart.Series(op.operation(), PALETTE[i++ % PALETTE.length], pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray(), false, false));
        }
        b.append(dist.render());

        b.append("<h2>Operations</h2><table id=\"operations\"><tr><th>operation</th><th>count</th><th>ok</th><th>declined</th><th>4xx</th>")
                .append("<th>5xx</th><th>timeout</th><th>conn</th><th>saga failed</th><th>dropped</th><th>error rate</th><th>p50</th><th>p95</th>")
                .append("<th>p99</th><th>p99.9</th><th>max</th><th>p99 service</th></tr>");
        for (TrafficResult.OperationSummary op : r.operations()) {
            TrafficResult.Percentiles p = op.latencyMs();
            b.append("<tr><td>").append(op.operation()).append("</td><td>").append(op.count()).append("</td><td>").append(outcome(op, Outcome.OK))
                    .append("</td><td>").append(outcome(op, Outcome.BUSINESS_DECLINE)).append("</td><td>").append(outcome(op, Outcome.CLIENT_ERROR))
                    .append("</td><td>").append(outcome(op, Outcome.SERVER_ERROR)).append("</td><td>").append(outcome(op, Outcome.TIMEOUT))
                    .append("</td><td>").append(outcome(op, Outcome.CONNECTION_ERROR)).append("</td><td>").append(outcome(op, Outcome.SAGA_FAILED))
                    .append("</td><td>").append(outcome(op, Outcome.DROPPED)).append("</td><td>").append(pct(op.errorRate()))
                    .append("</td><td>").append(ms(p.p50())).append("</td><td>").append(ms(p.p95())).append("</td><td>").append(ms(p.p99()))
                    .append("</td><td>").append(ms(p.p999())).append("</td><td>").append(ms(p.max())).append("</td><td>")
                    .append(ms(op.serviceTimeMs().p99())).append("</td></tr>");
        }
        b.append("</table>");
        Map<String, String> reasons = new LinkedHashMap<>();
        for (TrafficResult.OperationSummary op : r.operations()) {
            if (!op.reasons().isEmpty()) {
                StringBuilder s = new StringBuilder();
                op.reasons().forEach((k, v) -> s.append(SvgChart.esc(k)).append(' ').append(v).append("; "));
                reasons.put(op.operation(), s.toString());
            }
        }
        if (!reasons.isEmpty()) {
            b.append("<div class=\"meta\">");
            reasons.forEach((k, v) -> b.append("<b>").append(k).append("</b>: ").append(v).append("<br>"));
            b.append("</div>");
        }
        if (!r.regions().isEmpty()) {
            b.append("<h2>Regions</h2><table id=\"regions\"><tr><th>region</th><th>requests</th><th>errors</th><th>error rate</th><th>p99</th>")
                    .append("<th>checkout completed p99</th></tr>");
            for (TrafficResult.RegionSummary g : r.regions()) {
                b.append("<tr><td>").append(g.region()).append("</td><td>").append(g.requests()).append("</td><td>").append(g.errors())
                        .append("</td><td>").append(pct(g.errorRate())).append("</td><td>").append(ms(g.latencyMs().p99())).append("</td><td>")
                        .append(g.checkoutCompletedMs().count() == 0 ? "-" : ms(g.checkoutCompletedMs().p99())).append("</td></tr>");
            }
            b.append("</table>");
        }
        if (r.flashSale() != null) {
            TrafficResult.FlashSaleSummary f = r.flashSale();
            b.append("<h2>Flash sale</h2><table id=\"flash-sale\"><tr><th>sku</th><th>units</th><th>buyers</th><th>accepted</th><th>completed</th>")
                    .append("<th>payment declined</th><th>out of stock</th><th>other</th><th>oversold</th></tr><tr")
                    .append(f.oversold() > 0 ? " class=\"fail\"" : "").append("><td>").append(SvgChart.esc(f.sku())).append("</td><td>")
                    .append(f.units()).append("</td><td>").append(f.buyers()).append("</td><td>").append(f.accepted()).append("</td><td>")
                    .append(f.completed()).append("</td><td>").append(f.paymentDeclined()).append("</td><td>").append(f.outOfStock())
                    .append("</td><td>").append(f.otherOutcomes()).append("</td><td>").append(f.oversold()).append("</td></tr></table>")
                    .append("<div class=\"meta\">stock after: ").append(f.stockAfter() == null ? "-" : SvgChart.esc(f.stockAfter())).append("</div>");
        }
        if (r.drift() != null) {
            b.append("<h2>Drift</h2><table id=\"drift\"><tr><th>operation</th><th>p99 first tenth</th><th>p99 last tenth</th><th>ratio</th></tr>");
            r.drift().forEach((op, d) -> b.append("<tr><td>").append(op).append("</td><td>").append(ms(d.firstTenthP99Ms())).append("</td><td>")
                    .append(ms(d.lastTenthP99Ms())).append("</td><td>").append(num(d.ratio())).append("x</td></tr>"));
            b.append("</table>");
        }
        b.append("<div id=\"tip\"></div>");
        b.append("<script>").append(SCRIPT).append("</script></body></html>");
        return b.toString();
    }

    /**
     * Tooltips on hover, and a render check: once laid out, every chart records how many series the browser drew
     * with a non-empty box ({@code data-rendered}), which the headless-browser test reads back from the DOM.
     */
    private static final String SCRIPT = String.join("\n",
            "(function(){",
            "  var charts=document.querySelectorAll('svg.chart'), ok=0;",
            "  charts.forEach(function(svg){",
            "    var drawn=0; svg.querySelectorAll('polyline.series').forEach(function(p){var bb=p.getBBox(); if(bb.width>0||bb.height>0){drawn++;}});",
            "    svg.setAttribute('data-rendered', String(drawn)); if(drawn>0){ok++;}",
            "  });",
            "  document.body.setAttribute('data-charts', charts.length+'/'+ok);",
            "  var tip=document.getElementById('tip');",
            "  charts.forEach(function(svg){",
            "    svg.addEventListener('mousemove',function(e){",
            "      var t=e.target; if(t.tagName!=='polyline'){tip.style.display='none';return;}",
            "      tip.textContent=(t.getAttribute('data-name')||'')+' — '+svg.getAttribute('aria-label');",
            "      tip.style.left=(e.clientX+12)+'px'; tip.style.top=(e.clientY+12)+'px'; tip.style.display='block';",
            "    });",
            "    svg.addEventListener('mouseleave',function(){tip.style.display='none';});",
            "  });",
            "})();");

    private static void markers(SvgChart chart, TrafficResult r) {
        for (TrafficResult.Marker m : r.markers()) {
            chart.marker(m.t(), m.label());
        }
    }

    private static void card(StringBuilder b, String value, String label) {
        b.append("<div class=\"card\"><b>").append(SvgChart.esc(value)).append("</b><span>").append(SvgChart.esc(label)).append("</span></div>");
    }

    static Histogram decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            return null;
        }
    }
}
