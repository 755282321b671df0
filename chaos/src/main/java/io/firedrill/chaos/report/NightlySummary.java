package io.firedrill.chaos.report;

import io.firedrill.chaos.core.AlertSinkClient;
import io.firedrill.chaos.runner.Journal;
import io.firedrill.chaos.runner.PipelineFloor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nightly regression's summary over every scenario and mode: summary.json, summary.md, index.html (links to each
 * run's report), junit.xml (one test case per scenario and mode, for CI test reporting) and badge.svg. Time to detect
 * of each expected alert is shown beside its pipeline floor and the demo-profile goal.
 */
public final class NightlySummary {

    /** Goal of the demo alert profile: fault start to the page at the webhook sink. */
    public static final double DETECT_GOAL_SECONDS = 30;

    /**
     * One expected or forbidden alert of a run: fault start to the first firing notification at the webhook sink (what
     * the on-call receives), and the pipeline's own share of it. {@code floor} is null when Prometheus has no such rule.
     */
    public record Detection(String alert, boolean expected, Double timeToDetectSeconds, PipelineFloor.Parts floor, boolean ok, String note) {}

    public record Run(String scenario, String mode, Journal.Status status, boolean deviated, String reason, double seconds,
                      String report, List<Detection> detections) {
        public boolean passed() {
            return status == Journal.Status.completed;
        }
    }

    private NightlySummary() {}

    public static Run of(Journal journal, String reportDir, PipelineFloor floor, AlertSinkClient sink) {
        List<Detection> detections = new ArrayList<>();
        for (Journal.AlertVerdict a : journal.alerts) {
            Double atSink = null;
            if (a.expected() && journal.faultStartedAt != null) {
                atSink = sink.firstNotification(a.alert(), "firing", journal.faultStartedAt)
                        .map(t -> Duration.between(journal.faultStartedAt, t).toMillis() / 1000.0).orElse(null);
            }
            detections.add(new Detection(a.alert(), a.expected(), atSink, floor == null ? null : floor.of(a.alert()), a.ok(), a.note()));
        }
        return new Run(journal.experiment.name(), journal.experiment.mode(), journal.status, journal.deviated, journal.reason,
                journal.duration, reportDir, detections);
    }

    public static void write(List<Run> runs, Instant started, Path dir) throws IOException {
        Files.createDirectories(dir);
        long passed = runs.stream().filter(Run::passed).count();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("started", started.toString());
        json.put("finished", Instant.now().toString());
        json.put("passed", passed);
        json.put("failed", runs.size() - passed);
        json.put("detectGoalSeconds", DETECT_GOAL_SECONDS);
        json.put("runs", runs);
        Files.writeString(dir.resolve("summary.json"), Reports.JSON.writeValueAsString(json) + "\n");
        Files.writeString(dir.resolve("summary.md"), markdown(runs, started));
        Files.writeString(dir.resolve("index.html"), html(runs, started));
        Files.writeString(dir.resolve("junit.xml"), junit(runs));
        Files.writeString(dir.resolve("badge.svg"), badge(passed == runs.size() && !runs.isEmpty()));
    }

    static String markdown(List<Run> runs, Instant started) {
        StringBuilder md = new StringBuilder("# Firedrill nightly chaos regression\n\n");
        long passed = runs.stream().filter(Run::passed).count();
        md.append(String.format(Locale.ROOT, "Started %s: **%d of %d runs passed**.%n%n", started, passed, runs.size()));
        md.append("| scenario | mode | status | seconds | report |\n|---|---|---|---:|---|\n");
        for (Run r : runs) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | [report](%s/report.md) |%n", r.scenario(), r.mode(),
                    r.status() + (r.deviated() ? ", deviated" : "") + (r.reason() == null ? "" : ": " + r.reason().replace("|", "/")),
                    r.seconds(), r.report()));
        }
        md.append("\n## Time to detect\n\nFault start to the first firing notification at the webhook sink, beside the alerting "
                + "pipeline's own delay read from the live Prometheus and Alertmanager: at least the rule's `for`, at most one "
                + "scrape + one evaluation interval + `for` + the route's `group_wait`. Anything beyond is the time the incident took "
                + "to show in the metrics. Goal in the demo profile: ≤ ").append(fmt(DETECT_GOAL_SECONDS)).append(" s.\n\n");
        md.append("| scenario | mode | alert | time to detect (s) | pipeline (s) | scrape + eval + for + group_wait | goal |\n|---|---|---|---:|---:|---|---|\n");
        for (Run r : runs) {
            for (Detection d : r.detections()) {
                if (!d.expected()) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.scenario(), r.mode(), d.alert(),
                        d.timeToDetectSeconds() == null ? "never" : fmt(d.timeToDetectSeconds()),
                        range(d.floor()), parts(d.floor()), goal(d)));
            }
        }
        md.append("\n## Alerts that had to stay silent\n\n| scenario | mode | alert | verdict |\n|---|---|---|---|\n");
        for (Run r : runs) {
            for (Detection d : r.detections()) {
                if (!d.expected()) {
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", r.scenario(), r.mode(), d.alert(), d.ok() ? "silent" : "FIRED"));
                }
            }
        }
        return md.toString();
    }

    static String html(List<Run> runs, Instant started) {
        long passed = runs.stream().filter(Run::passed).count();
        StringBuilder h = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Firedrill nightly</title>"
                + "<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}td.n{text-align:right}.ok{color:#1a7f37;font-weight:600}"
                + ".bad{color:#cf222e;font-weight:600}</style></head><body>");
        h.append("<h1>Firedrill nightly chaos regression</h1><p>Started ").append(Reports.html(started.toString())).append(": <b>")
                .append(passed).append(" of ").append(runs.size()).append(" runs passed</b>.</p>");
        h.append("<table><tr><th>scenario</th><th>mode</th><th>status</th><th>s</th><th>alert</th><th>time to detect (s)</th>"
                + "<th>pipeline (s)</th><th>goal</th><th>report</th></tr>");
        for (Run r : runs) {
            List<Detection> expected = r.detections().stream().filter(Detection::expected).toList();
            int rows = Math.max(1, expected.size());
            for (int i = 0; i < rows; i++) {
                h.append("<tr>");
                if (i == 0) {
                    String span = " rowspan=\"" + rows + "\"";
                    h.append("<td").append(span).append('>').append(Reports.html(r.scenario())).append("</td><td").append(span).append('>')
                            .append(Reports.html(r.mode())).append("</td><td").append(span).append(" class=\"").append(r.passed() ? "ok" : "bad")
                            .append("\" title=\"").append(Reports.html(r.reason() == null ? "" : r.reason())).append("\">").append(r.status())
                            .append(r.deviated() ? ", deviated" : "").append("</td><td class=\"n\"").append(span).append('>')
                            .append(fmt(r.seconds())).append("</td>");
                }
                if (expected.isEmpty()) {
                    h.append("<td>-</td><td>-</td><td>-</td><td>-</td>");
                } else {
                    Detection d = expected.get(i);
                    h.append("<td>").append(Reports.html(d.alert())).append("</td><td class=\"n\">")
                            .append(d.timeToDetectSeconds() == null ? "never" : fmt(d.timeToDetectSeconds())).append("</td><td class=\"n\" title=\"")
                            .append(Reports.html(parts(d.floor()))).append("\">").append(range(d.floor()))
                            .append("</td><td>").append(Reports.html(goal(d))).append("</td>");
                }
                if (i == 0) {
                    h.append("<td rowspan=\"").append(rows).append("\"><a href=\"").append(Reports.html(r.report())).append("/report.html\">report</a></td>");
                }
                h.append("</tr>");
            }
        }
        return h.append("</table></body></html>\n").toString();
    }

    static String junit(List<Run> runs) {
        long failures = runs.stream().filter(r -> !r.passed()).count();
        double total = runs.stream().mapToDouble(Run::seconds).sum();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuite name=\"firedrill-nightly\" tests=\"%d\" failures=\"%d\" errors=\"0\" time=\"%.1f\">%n",
                runs.size(), failures, total));
        for (Run r : runs) {
            x.append(String.format(Locale.ROOT, "  <testcase classname=\"chaos.%s\" name=\"%s\" time=\"%.1f\">", Reports.html(r.scenario()), Reports.html(r.mode()), r.seconds()));
            if (!r.passed()) {
                x.append("\n    <failure message=\"").append(Reports.html(r.status() + ": " + r.reason())).append("\">")
                        .append(Reports.html("report: " + r.report() + "/report.md")).append("</failure>\n  ");
            }
            x.append("</testcase>\n");
        }
        return x.append("</testsuite>\n").toString();
    }

    static String badge(boolean passing) {
        String status = passing ? "passing" : "failing";
        String color = passing ? "#2da44e" : "#cf222e";
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"130\" height=\"20\" role=\"img\" aria-label=\"nightly: " + status + "\">"
                + "<rect width=\"58\" height=\"20\" fill=\"#555\"/><rect x=\"58\" width=\"72\" height=\"20\" fill=\"" + color + "\"/>"
                + "<g fill=\"#fff\" font-family=\"Verdana,sans-serif\" font-size=\"11\"><text x=\"6\" y=\"14\">nightly</text>"
                + "<text x=\"66\" y=\"14\">" + status + "</text></g></svg>\n";
    }

    private static String goal(Detection d) {
        if (d.timeToDetectSeconds() == null) {
            return "missed";
        }
        return d.timeToDetectSeconds() <= DETECT_GOAL_SECONDS ? "met" : "over " + fmt(DETECT_GOAL_SECONDS) + " s";
    }

    private static String range(PipelineFloor.Parts p) {
        return p == null ? "-" : fmt(p.best()) + "–" + fmt(p.total());
    }

    private static String parts(PipelineFloor.Parts p) {
        return p == null ? "no such rule" : String.format(Locale.ROOT, "%s + %s + %s + %s", fmt(p.scrapeSeconds()),
                fmt(p.evaluationSeconds()), fmt(p.forSeconds()), fmt(p.groupWaitSeconds()));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

}
