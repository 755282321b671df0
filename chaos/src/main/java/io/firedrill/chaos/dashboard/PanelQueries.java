package io.firedrill.chaos.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.provider.PrometheusQueries;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a scenario's panels' queries as Grafana would over a run: {@code query_range} against the live Prometheus over
 * the window, about {@value #POINTS} points, Grafana's variables filled in ({@link #builtIns}). A query Prometheus
 * refuses or does not answer is recorded with its error, never thrown: a report must be written whatever the charts show.
 */
public final class PanelQueries {

    /** Points per series Grafana would draw on a report-wide chart; enough to see a 2 s scrape on a 5-minute run. */
    static final int POINTS = 200;
    /** Series per panel kept: more lines than colours cannot be told apart; the highest peaks are kept. */
    public static final int MAX_SERIES = 8;
    /** Grafana's default when the scrape interval is not known. */
    private static final Duration DEFAULT_SCRAPE = Duration.ofSeconds(15);
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    /** How much of the steady state before the run a chart shows, for contrast with the fault. */
    public static final Duration LEAD = Duration.ofSeconds(30);

    private PanelQueries() {}

    /**
     * The panels of a run that started at {@code start} and ended at {@code end}, from {@link #LEAD} before the start,
     * read from the dashboards of {@code projectRoot}. Never throws: a dashboard folder that cannot be read gives each
     * panel with that reason as its error, which the report shows as "no data" (the run's report is written anyway, and
     * the scenario's panels were checked when it loaded).
     */
    public static List<PanelData> fetchRun(Path projectRoot, List<Scenario.PanelRef> panels, String prometheusUrl,
                                           Instant start, Instant end) {
        if (panels.isEmpty() || start == null || end == null) {
            return List.of();
        }
        Instant from = start.minus(LEAD);
        Dashboards dashboards;
        try {
            dashboards = Dashboards.load(Dashboards.dir(projectRoot));
        } catch (RuntimeException e) {
            return panels.stream().map(ref -> unavailable(ref, from, end, "dashboards not read: " + e.getMessage())).toList();
        }
        return fetch(dashboards, panels, prometheusUrl, from, end);
    }

    /** Each panel over {@code from..to}; the scrape interval is asked of Prometheus once. */
    public static List<PanelData> fetch(Dashboards dashboards, List<Scenario.PanelRef> panels, String prometheusUrl,
                                        Instant from, Instant to) {
        if (panels.isEmpty()) {
            return List.of();
        }
        Duration scrape;
        try {
            scrape = PrometheusQueries.scrapeInterval(prometheusUrl).orElse(DEFAULT_SCRAPE);
        } catch (IOException | RuntimeException e) {
            scrape = DEFAULT_SCRAPE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        double step = step(from, to);
        Map<String, String> builtIns = builtIns(from, to, step, scrape);
        List<PanelData> out = new ArrayList<>();
        for (Scenario.PanelRef ref : panels) {
            Dashboards.Dashboard dashboard = dashboards.dashboard(ref.dashboard()).orElse(null);
            Dashboards.Panel panel = dashboard == null ? null : dashboard.panel(ref.title()).orElse(null);
            if (panel == null) {
                out.add(unavailable(ref, from, to, dashboards.problem(ref.dashboard(), ref.title())));
                continue;
            }
            List<PanelData.Query> queries = new ArrayList<>();
            for (Dashboards.Target target : panel.queries()) {
                String expr = dashboard.substitute(target.expr(), builtIns);
                try {
                    JsonNode data = PrometheusQueries.queryRange(prometheusUrl, expr, from, to, step);
                    queries.add(query(target, expr, data.path("result")));
                } catch (IOException | RuntimeException e) {
                    queries.add(new PanelData.Query(target.refId(), expr, e.getMessage() == null ? e.toString() : e.getMessage(), List.of(), 0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    queries.add(new PanelData.Query(target.refId(), expr, "interrupted", List.of(), 0));
                }
            }
            out.add(new PanelData(dashboard.uid(), panel.title(), panel.unit(), from, to, step, queries));
        }
        return out;
    }

    /** A panel that could not be queried, with the reason its chart shows. */
    private static PanelData unavailable(Scenario.PanelRef ref, Instant from, Instant to, String problem) {
        return new PanelData(ref.dashboard(), ref.title(), null, from, to, step(from, to),
                List.of(new PanelData.Query("A", "", problem, List.of(), 0)));
    }

    /** Whole seconds, at least 1, giving about {@value #POINTS} points over the window. */
    static double step(Instant from, Instant to) {
        double seconds = Math.max(1, Duration.between(from, to).toMillis() / 1000.0);
        return Math.max(1, Math.ceil(seconds / POINTS));
    }

    /**
     * Grafana's built-in variables for this window: {@code $__interval} is the step, {@code $__rate_interval}
     * max(step + scrape interval, 4 x scrape interval) as Grafana computes it (a rate needs two samples in its window),
     * {@code $__range} the whole window.
     */
    static Map<String, String> builtIns(Instant from, Instant to, double step, Duration scrape) {
        long scrapeSeconds = Math.max(1, scrape.toSeconds());
        long stepSeconds = (long) Math.ceil(step);
        long range = Math.max(1, Duration.between(from, to).toSeconds());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("rate_interval", Math.max(stepSeconds + scrapeSeconds, 4 * scrapeSeconds) + "s");
        values.put("interval", stepSeconds + "s");
        values.put("interval_ms", String.valueOf(stepSeconds * 1000));
        values.put("range", range + "s");
        values.put("range_s", String.valueOf(range));
        return values;
    }

    /** A matrix answer as series: legends filled in, non-finite samples dropped, the {@value #MAX_SERIES} highest peaks kept. */
    static PanelData.Query query(Dashboards.Target target, String expr, JsonNode result) {
        List<PanelData.Series> series = new ArrayList<>();
        for (JsonNode s : result) {
            Map<String, String> labels = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.path("metric").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
            List<double[]> points = new ArrayList<>();
            for (JsonNode v : s.path("values")) {
                double value = number(v.path(1).asText());
                if (Double.isFinite(value)) {
                    points.add(new double[] {v.path(0).asDouble(), value});
                }
            }
            if (!points.isEmpty()) {
                series.add(new PanelData.Series(legend(target.legendFormat(), labels, expr), points.toArray(double[][]::new)));
            }
        }
        int omitted = Math.max(0, series.size() - MAX_SERIES);
        if (omitted > 0) {
            series.sort(Comparator.comparingDouble(PanelData.Series::max).reversed());
            series = new ArrayList<>(series.subList(0, MAX_SERIES));
        }
        series.sort(Comparator.comparing(PanelData.Series::legend));
        return new PanelData.Query(target.refId(), expr, null, series, omitted);
    }

    /** Prometheus writes NaN and infinities as {@code NaN}, {@code +Inf}, {@code -Inf}. */
    private static double number(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /**
     * Grafana's legend: {@code {{label}}} replaced by the label's value (empty when the series has no such label); without
     * a legendFormat, the series' labels as {@code name{a="b"}}, or the query itself when it has none.
     */
    static String legend(String format, Map<String, String> labels, String expr) {
        if (format != null && !format.isBlank() && !format.equals("__auto")) {
            Matcher m = LEGEND_LABEL.matcher(format);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
            }
            m.appendTail(out);
            return out.toString().strip();
        }
        Map<String, String> rest = new TreeMap<>(labels);
        String name = rest.remove("__name__");
        if (rest.isEmpty()) {
            return name != null ? name : expr;
        }
        StringBuilder out = new StringBuilder(name == null ? "" : name).append('{');
        rest.forEach((k, v) -> out.append(out.charAt(out.length() - 1) == '{' ? "" : ", ").append(k).append("=\"").append(v).append('"'));
        return out.append('}').toString();
    }
}
