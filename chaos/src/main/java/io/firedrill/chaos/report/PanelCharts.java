package io.firedrill.chaos.report;

import io.firedrill.chaos.core.Timeline;
import io.firedrill.chaos.dashboard.PanelData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard panels of a run drawn as inline SVG line charts (the report stays one file, no image, no script
 * library): axes, y ticks in the panel's unit, one line per series with its legend, the fault window shaded, a
 * vertical marker where an alert fired (red) or resolved (green, dashed) with the alert in a tooltip, and the PromQL
 * under each chart. A panel whose queries returned nothing, or failed, is a box saying "no data" with the query and
 * the reason: a chart never fails a report. Shared by the chaos reports and the drill reports.
 */
public final class PanelCharts {

    static final int WIDTH = 1000;
    static final int HEIGHT = 240;
    private static final int LEFT = 70;
    private static final int RIGHT = 760;
    private static final int TOP = 12;
    private static final int BOTTOM = 206;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    private static final double[] NICE = {1, 2, 2.5, 5, 10};

    /** Timeline kinds drawn on the charts; a drill writes a page as {@code page}, a chaos run as {@code alert-firing}. */
    private static final List<String> FIRED = List.of("alert-firing", "page");

    private PanelCharts() {}

    /** The "Panels" section of an HTML report: a heading and one figure per panel; empty when there are none. */
    public static String html(List<PanelData> panels, List<Timeline.Event> events, Instant origin) {
        if (panels == null || panels.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<section id=\"panels\"><h2>Panels</h2>")
                .append("<p>The scenario's dashboard panels over the run, from the dashboards' own queries against Prometheus; ")
                .append("shaded: fault on; red line: alert fired; green dashed: alert resolved; time in seconds from the ")
                .append(origin == null ? "start" : "start (" + origin + ")").append(".</p>");
        for (PanelData panel : panels) {
            h.append(figure(panel, events, origin));
        }
        return h.append("</section>").toString();
    }

    /** One panel: its chart (or "no data" box) and its queries. */
    static String figure(PanelData panel, List<Timeline.Event> events, Instant origin) {
        StringBuilder h = new StringBuilder("<figure class=\"panel\" data-dashboard=\"").append(esc(panel.dashboard()))
                .append("\" data-title=\"").append(esc(panel.title())).append("\"><figcaption><b>").append(esc(panel.title()))
                .append("</b> <small>(dashboard ").append(esc(panel.dashboard())).append(panel.unit() == null ? "" : ", unit " + esc(panel.unit()))
                .append(")</small></figcaption>");
        h.append(panel.hasData() ? chart(panel, events, origin) : noData(panel));
        for (PanelData.Query q : panel.queries()) {
            h.append("<div class=\"query\"><code>").append(esc(q.expr())).append("</code>");
            if (q.error() != null) {
                h.append(" <span class=\"bad\">").append(esc(q.error())).append("</span>");
            } else if (q.series().isEmpty()) {
                h.append(" <small>(no series)</small>");
            }
            if (q.omitted() > 0) {
                h.append(" <small>(").append(q.omitted()).append(" more series not drawn)</small>");
            }
            h.append("</div>");
        }
        return h.append("</figure>").toString();
    }

    private static String noData(PanelData panel) {
        List<String> why = panel.queries().stream().map(q -> q.error() != null ? q.error() : "empty result").distinct().toList();
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"panel-chart no-data\" width=\"%d\" height=\"%d\""
                        + " role=\"img\" aria-label=\"%s: no data\" data-series=\"0\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\""
                        + " stroke=\"#ccc\"/><text x=\"%d\" y=\"%d\" font-size=\"20\" text-anchor=\"middle\" fill=\"#888\">no data</text>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#888\">%s</text></svg>",
                WIDTH, HEIGHT, esc(panel.title()), LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP, (LEFT + RIGHT) / 2, (TOP + BOTTOM) / 2,
                (LEFT + RIGHT) / 2, (TOP + BOTTOM) / 2 + 22, esc(abbreviate(String.join("; ", why), 110)));
    }

    static String chart(PanelData panel, List<Timeline.Event> events, Instant origin) {
        List<PanelData.Series> series = new ArrayList<>();
        // A series without a legend (a stat panel's single value) is named by its query, as Grafana does.
        panel.queries().forEach(q -> q.series().stream().filter(s -> s.points().length > 0)
                .map(s -> s.legend() == null || s.legend().isBlank() ? new PanelData.Series(q.expr(), s.points()) : s).forEach(series::add));
        double t0 = panel.from().toEpochMilli() / 1000.0;
        double t1 = Math.max(t0 + 1, panel.to().toEpochMilli() / 1000.0);
        double zero = origin == null ? t0 : origin.toEpochMilli() / 1000.0;
        double lo = series.stream().mapToDouble(PanelData.Series::min).min().orElse(0);
        double hi = series.stream().mapToDouble(PanelData.Series::max).max().orElse(1);
        if (lo >= 0) {
            lo = 0; // rates, counts and ratios read against zero
        }
        if (hi <= lo) {
            hi = lo == 0 ? 1 : lo + Math.abs(lo) * 0.1;
        }
        double yStep = niceStep((hi - lo) / 4);
        double yLo = Math.floor(lo / yStep) * yStep;
        double yHi = Math.ceil(hi / yStep) * yStep;
        Scale x = new Scale(t0, t1, LEFT, RIGHT);
        Scale y = new Scale(yLo, yHi, BOTTOM, TOP);

        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"panel-chart\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\" data-series=\"%d\">",
                WIDTH, HEIGHT, esc(panel.title()), series.size()));
        faultWindows(svg, events, x, t0, t1);
        // y grid and ticks in the panel's unit
        for (double v = yLo; v <= yHi + yStep / 2; v += yStep) {
            double py = y.at(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>", LEFT, py, RIGHT, py, LEFT - 4, py + 4, esc(Units.format(v, panel.unit()))));
        }
        // x ticks: seconds from the origin
        double xStep = niceStep((t1 - t0) / 8);
        for (double s = Math.ceil((t0 - zero) / xStep) * xStep; zero + s <= t1; s += xStep) {
            double px = x.at(zero + s);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s s</text>", px, BOTTOM, px, BOTTOM + 4, px, BOTTOM + 17, trim(s)));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                LEFT, TOP, LEFT, BOTTOM, LEFT, BOTTOM, RIGHT, BOTTOM));
        for (int i = 0; i < series.size(); i++) {
            PanelData.Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            svg.append("<path class=\"series\" fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colour).append("\" d=\"")
                    .append(path(s, x, y, panel.stepSeconds())).append("\"><title>").append(esc(s.legend())).append("</title></path>");
            int ly = TOP + 6 + i * 16;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                            + "<text class=\"legend\" x=\"%d\" y=\"%d\" font-size=\"11\">%s<title>%s</title></text>",
                    RIGHT + 12, ly - 4, colour, RIGHT + 28, ly + 1, esc(abbreviate(s.legend(), 36)), esc(s.legend())));
        }
        alertMarkers(svg, events, x, t0, t1, zero);
        return svg.append("</svg>").toString();
    }

    /** Each fault-on until the next fault-off (or the end of the window) shaded, as on the run's timeline. */
    private static void faultWindows(StringBuilder svg, List<Timeline.Event> events, Scale x, double t0, double t1) {
        Double on = null;
        String label = null;
        for (Timeline.Event e : events) {
            double t = e.at().toEpochMilli() / 1000.0;
            if (e.kind().equals("fault-on") && on == null) {
                on = t;
                label = e.label();
            } else if (e.kind().equals("fault-off") && on != null) {
                shade(svg, x, Math.max(t0, on), Math.min(t1, t), label);
                on = null;
            }
        }
        if (on != null) {
            shade(svg, x, Math.max(t0, on), t1, label);
        }
    }

    private static void shade(StringBuilder svg, Scale x, double from, double to, String label) {
        if (to <= from) {
            return;
        }
        svg.append(String.format(Locale.ROOT, "<rect class=\"fault-window\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#fde2e2\"><title>fault on: %s</title></rect>",
                x.at(from), TOP, Math.max(1, x.at(to) - x.at(from)), BOTTOM - TOP, esc(label)));
    }

    private static void alertMarkers(StringBuilder svg, List<Timeline.Event> events, Scale x, double t0, double t1, double zero) {
        for (Timeline.Event e : events) {
            boolean fired = FIRED.contains(e.kind());
            if (!fired && !e.kind().equals("alert-resolved")) {
                continue;
            }
            double t = e.at().toEpochMilli() / 1000.0;
            if (t < t0 || t > t1) {
                continue;
            }
            double px = x.at(t);
            svg.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s>"
                            + "<title>%s %s at %s s</title></line>", fired ? "alert-fired" : "alert-resolved", px, TOP, px, BOTTOM,
                    fired ? "#b00020" : "#176f2c", fired ? "" : " stroke-dasharray=\"5,3\"", esc(e.label()), fired ? "fired" : "resolved",
                    String.format(Locale.ROOT, "%.1f", t - zero)));
        }
    }

    /** A polyline through the samples; a gap longer than two steps (no sample: series absent) starts a new segment. */
    private static String path(PanelData.Series s, Scale x, Scale y, double step) {
        StringBuilder d = new StringBuilder();
        double previous = Double.NaN;
        for (double[] p : s.points()) {
            boolean jump = Double.isNaN(previous) || p[0] - previous > 2 * Math.max(step, 1);
            d.append(jump ? (d.length() == 0 ? "M" : " M") : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x.at(p[0]), y.at(p[1])));
            previous = p[0];
        }
        if (s.points().length == 1) {
            d.append(String.format(Locale.ROOT, " l 2 0")); // a lone sample still shows
        }
        return d.toString();
    }

    /** The Markdown "Panels" section: per panel each query and, per series, min / max / last in the panel's unit. */
    public static String markdown(List<PanelData> panels) {
        if (panels == null || panels.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Panels\n\n");
        for (PanelData panel : panels) {
            md.append("- **").append(panel.title()).append("** (dashboard `").append(panel.dashboard()).append("`)\n");
            for (PanelData.Query q : panel.queries()) {
                md.append("  - `").append(q.expr().replace("`", "'")).append("`");
                if (q.error() != null || q.series().isEmpty()) {
                    md.append(": no data").append(q.error() == null ? "" : " (" + q.error().replace("\n", " ") + ")").append('\n');
                    continue;
                }
                md.append('\n');
                for (PanelData.Series s : q.series()) {
                    md.append("    - ").append(s.legend().isBlank() ? "(series)" : s.legend()).append(": min ").append(Units.format(s.min(), panel.unit()))
                            .append(", max ").append(Units.format(s.max(), panel.unit())).append(", last ").append(Units.format(s.last(), panel.unit())).append('\n');
                }
                if (q.omitted() > 0) {
                    md.append("    - (").append(q.omitted()).append(" more series not kept)\n");
                }
            }
        }
        return md.toString();
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double n : NICE) {
            if (n * magnitude >= rough * 0.999) {
                return n * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private record Scale(double from, double to, double pixelFrom, double pixelTo) {
        double at(double v) {
            return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
        }
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String esc(String text) {
        return Reports.html(text);
    }
}
