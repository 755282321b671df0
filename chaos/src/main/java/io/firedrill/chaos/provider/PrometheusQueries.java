package io.firedrill.chaos.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.core.RunContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Instant and range queries against the stack's Prometheus: the one place that speaks its HTTP API. */
public final class PrometheusQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private PrometheusQueries() {}

    /** The {@code data} of an instant query's answer; throws when Prometheus refuses the query. */
    static JsonNode query(String promql, RunContext context) throws IOException, InterruptedException {
        return data(context.endpoints().prometheusUrl() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /**
     * The {@code data} of a range query's answer (a matrix) over {@code from..to} every {@code stepSeconds}; throws
     * when Prometheus refuses the query or does not answer.
     */
    public static JsonNode queryRange(String prometheusUrl, String promql, Instant from, Instant to, double stepSeconds)
            throws IOException, InterruptedException {
        return data(prometheusUrl + "/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + seconds(from) + "&end=" + seconds(to) + "&step=" + stepSeconds);
    }

    /**
     * The global scrape interval of the running configuration ({@code /api/v1/status/config}), which Grafana's
     * {@code $__rate_interval} is built on; empty when Prometheus does not say.
     */
    public static Optional<Duration> scrapeInterval(String prometheusUrl) throws IOException, InterruptedException {
        String yaml = data(prometheusUrl + "/api/v1/status/config").path("yaml").asText("");
        Matcher m = GLOBAL_SCRAPE_INTERVAL.matcher(yaml);
        return m.find() ? Optional.of(Durations.parse(m.group(1))) : Optional.empty();
    }

    private static final Pattern GLOBAL_SCRAPE_INTERVAL = Pattern.compile("(?m)^global:\\s*\\n(?:[ \\t]+.*\\n)*?[ \\t]+scrape_interval:\\s*(\\d+(?:ms|s|m|h))\\s*$");

    private static String seconds(Instant at) {
        return String.format(Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0);
    }

    private static JsonNode data(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query failed (HTTP " + response.statusCode() + "): " + body.path("error").asText(response.body()));
        }
        return body.path("data");
    }

    /** One line per series of a vector query, its labels' values joined by a space (e.g. "SagaStuck firing"). */
    public static List<String> labelsOf(String promql, String firstLabel, String secondLabel, RunContext context)
            throws IOException, InterruptedException {
        List<String> series = new ArrayList<>();
        for (JsonNode sample : query(promql, context).path("result")) {
            JsonNode metric = sample.path("metric");
            series.add(metric.path(firstLabel).asText() + " " + metric.path(secondLabel).asText());
        }
        return series;
    }
}
