package io.firedrill.chaos.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * What one dashboard panel showed over a run: each of its queries as run ({@code query_range} over {@code from..to}
 * every {@code stepSeconds}) and the series it returned, or the error. Kept in the run's journal (and a drill's record)
 * so a report can be drawn again offline, and tests can draw canned data.
 *
 * @param dashboard the dashboard uid
 * @param title     the panel title
 * @param unit      the panel's Grafana unit ({@code s}, {@code percentunit}, {@code reqps}, ...), null when none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PanelData(String dashboard, String title, String unit, Instant from, Instant to, double stepSeconds,
                        List<Query> queries) {

    public PanelData {
        queries = queries == null ? List.of() : List.copyOf(queries);
    }

    /** Whether any query returned at least one sample. */
    public boolean hasData() {
        return queries.stream().anyMatch(q -> q.series().stream().anyMatch(s -> s.points().length > 0));
    }

    /**
     * One target of the panel.
     *
     * @param expr    the PromQL as sent to Prometheus (Grafana variables substituted)
     * @param error   why there is no answer (Prometheus refused the query or did not answer), null when it answered
     * @param omitted series returned but not kept (a chart draws at most {@value PanelQueries#MAX_SERIES} per panel)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Query(String refId, String expr, String error, List<Series> series, int omitted) {
        public Query {
            series = series == null ? List.of() : List.copyOf(series);
        }
    }

    /**
     * One series: its legend (the target's legendFormat with the labels filled in) and its samples as
     * {@code [epoch seconds, value]}; samples Prometheus answered as NaN or infinite are left out.
     */
    public record Series(String legend, double[][] points) {
        public double min() {
            double m = Double.POSITIVE_INFINITY;
            for (double[] p : points) {
                m = Math.min(m, p[1]);
            }
            return m;
        }

        public double max() {
            double m = Double.NEGATIVE_INFINITY;
            for (double[] p : points) {
                m = Math.max(m, p[1]);
            }
            return m;
        }

        public double last() {
            return points[points.length - 1][1];
        }
    }
}
