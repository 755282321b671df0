package io.firedrill.chaos.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.firedrill.chaos.runner.Journal;
import io.firedrill.chaos.core.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Writes a run's journal.json, report.md and a standalone report.html (inline SVG timeline and dashboard panel charts,
 * {@link PanelCharts}; no external assets).
 */
public final class Reports {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {}

    public static void write(Journal journal, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("journal.json"), JSON.writeValueAsString(journal) + "\n");
        Files.writeString(dir.resolve("report.md"), markdown(journal));
        Files.writeString(dir.resolve("report.html"), html(journal));
    }

    public static String markdown(Journal j) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(j.experiment.title()).append(" (").append(j.experiment.mode()).append(")\n\n");
        md.append("**Status: ").append(j.status).append(j.deviated ? ", deviated" : "").append("**");
        if (j.reason != null) {
            md.append(": ").append(j.reason);
        }
        md.append("\n\n");
        if (j.experiment.modeDescription() != null) {
            md.append(j.experiment.modeDescription().trim()).append("\n\n");
        }
        md.append(String.format("Started %s, %.1f s. Runbook: [%s](%s). Scenario: `%s`.%n%n", j.start, j.duration,
                j.experiment.runbook(), "../../" + j.experiment.runbook(), j.experiment.name()));
        md.append("## Alerts\n\n| alert | expected | fired (s after fault) | resolved (s after rollback) | verdict |\n|---|---|---:|---:|---|\n");
        for (Journal.AlertVerdict a : j.alerts) {
            md.append(String.format("| %s | %s | %s | %s | %s %s |%n", a.alert(), a.expected() ? "must fire" + (a.within() == null ? "" : " ≤ " + a.within()) : "must stay silent",
                    a.timeToDetectSeconds() == null ? (a.firedAt() == null ? "-" : a.firedAt().toString()) : String.format("%.1f", a.timeToDetectSeconds()),
                    a.timeToResolveSeconds() == null ? "-" : String.format("%.1f", a.timeToResolveSeconds()),
                    a.ok() ? "ok" : "FAILED", a.note() == null ? "" : "(" + a.note() + ")"));
        }
        activities(md, "Steady state before", j.steadyStateBefore == null ? List.of() : j.steadyStateBefore.probes());
        activities(md, "Method", j.run);
        activities(md, "Rollbacks", j.rollbacks);
        activities(md, "Steady state after", j.steadyStateAfter == null ? List.of() : j.steadyStateAfter.probes());
        activities(md, "Invariants", j.invariants);
        md.append("\n## Timeline\n\n| t (s) | event | |\n|---:|---|---|\n");
        for (Timeline.Event e : j.timeline) {
            md.append(String.format("| %.1f | %s | %s |%n", seconds(j.start, e.at()), e.kind(), e.label()));
        }
        md.append(PanelCharts.markdown(j.panels));
        return md.toString();
    }

    private static void activities(StringBuilder md, String title, List<Journal.ActivityRun> runs) {
        if (runs.isEmpty()) {
            return;
        }
        md.append("\n## ").append(title).append("\n\n| step | provider | status | s | output / error |\n|---|---|---|---:|---|\n");
        for (Journal.ActivityRun r : runs) {
            String detail = r.error() != null ? r.error() : String.valueOf(r.output());
            md.append(String.format("| %s | %s | %s | %.1f | %s |%n", r.name(), r.provider(), r.status(), r.durationSeconds(),
                    escape(detail.length() > 160 ? detail.substring(0, 157) + "..." : detail)));
        }
    }

    public static String html(Journal j) {
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(html(j.experiment.title())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;font-size:14px;text-align:left}.ok{color:#176f2c}.bad{color:#b00020;font-weight:bold}")
                .append("figure.panel{margin:1.5em 0}figure.panel code{font-size:12px;background:#f5f5f5;padding:2px 4px}")
                .append("</style></head><body>");
        h.append("<h1>").append(html(j.experiment.title())).append(" <small>(").append(html(j.experiment.mode())).append(")</small></h1>");
        boolean ok = j.status == Journal.Status.completed;
        h.append("<p class=\"").append(ok ? "ok" : "bad").append("\">Status: ").append(j.status).append(j.deviated ? ", deviated" : "")
                .append(j.reason == null ? "" : ": " + html(j.reason)).append("</p>");
        h.append(timelineSvg(j));
        h.append(PanelCharts.html(j.panels, j.timeline, j.start));
        // The Markdown tables, rendered as plain HTML tables.
        for (String block : markdown(j).split("\n\n")) {
            if (block.startsWith("| ")) {
                h.append("<table>");
                for (String line : block.split("\n")) {
                    if (line.startsWith("|---") || line.startsWith("|--")) {
                        continue;
                    }
                    h.append("<tr>");
                    String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
                    for (String cell : cells) {
                        h.append("<td>").append(html(cell.replace("|", "").trim())).append("</td>");
                    }
                    h.append("</tr>");
                }
                h.append("</table>");
            } else if (block.startsWith("## Panels")) {
                break; // drawn above as charts; the Markdown's panel list is the text version of the same
            } else if (block.startsWith("## ")) {
                h.append("<h2>").append(html(block.substring(3))).append("</h2>");
            }
        }
        return h.append("</body></html>\n").toString();
    }

    /** A horizontal timeline: one lane per event kind, a tick per event, the fault window shaded. */
    static String timelineSvg(Journal j) {
        double total = Math.max(1, j.duration);
        int width = 1000;
        List<String> lanes = List.of("fault-on", "background", "alert-firing", "fault-off", "alert-resolved", "invariant");
        int height = 30 + lanes.size() * 26;
        StringBuilder svg = new StringBuilder(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"timeline\">", width + 160, height));
        Double faultOn = j.timeline.stream().filter(e -> e.kind().equals("fault-on")).findFirst().map(e -> seconds(j.start, e.at())).orElse(null);
        Double faultOff = j.timeline.stream().filter(e -> e.kind().equals("fault-off")).findFirst().map(e -> seconds(j.start, e.at())).orElse(null);
        if (faultOn != null) {
            double x1 = 150 + faultOn / total * width;
            double x2 = 150 + (faultOff == null ? total : faultOff) / total * width;
            svg.append(String.format("<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"#fde2e2\"/>", x1, Math.max(1, x2 - x1), height - 20));
        }
        for (int i = 0; i < lanes.size(); i++) {
            int y = 20 + i * 26;
            svg.append(String.format("<text x=\"4\" y=\"%d\" font-size=\"12\">%s</text><line x1=\"150\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>",
                    y + 4, lanes.get(i), y, 150 + width, y));
        }
        for (Timeline.Event e : j.timeline) {
            int lane = lanes.indexOf(e.kind());
            if (lane < 0) {
                continue;
            }
            double x = 150 + seconds(j.start, e.at()) / total * width;
            int y = 20 + lane * 26;
            String color = e.kind().startsWith("alert-firing") ? "#b00020" : e.kind().equals("alert-resolved") ? "#176f2c" : "#333";
            svg.append(String.format("<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"%s\"><title>%.1f s: %s</title></circle>", x, y, color,
                    seconds(j.start, e.at()), html(e.label())));
        }
        svg.append(String.format("<text x=\"150\" y=\"%d\" font-size=\"11\">0 s</text><text x=\"%d\" y=\"%d\" font-size=\"11\">%.0f s</text>",
                height - 4, 120 + width, height - 4, total));
        return svg.append("</svg>").toString();
    }

    private static double seconds(Instant start, Instant at) {
        return Duration.between(start, at).toMillis() / 1000.0;
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    static String html(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
