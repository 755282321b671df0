package io.firedrill.chaos.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the alerting pipeline itself takes to bring an alert to the webhook sink once its condition is true, read
 * from the running Prometheus and Alertmanager (not from the templates, so a profile or an override is accounted for):
 * at least the rule's {@code for}, at most one scrape interval (until a sample shows the fault) + one rule evaluation
 * interval + {@code for} + the {@code group_wait} of the route that delivers it to the sink. (A group Alertmanager
 * still holds from an earlier firing is flushed at its next {@code group_interval} tick instead, which can come before
 * group_wait: so group_wait is not part of the lower bound.) A time to detect is judged beside this: what exceeds it
 * is the time the incident itself took to show in the metrics.
 */
public final class PipelineFloor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern MATCHER = Pattern.compile("\\s*(\\w+)\\s*(=~|!=|=)\\s*\"(.*)\"\\s*");

    public record Parts(double scrapeSeconds, double evaluationSeconds, double forSeconds, double groupWaitSeconds) {
        /** The worst case: the fault shows just after a scrape, which lands just after an evaluation. */
        public double total() {
            return scrapeSeconds + evaluationSeconds + forSeconds + groupWaitSeconds;
        }

        /** The best case: scraped and evaluated the instant the condition became true, into a group already due. */
        public double best() {
            return forSeconds;
        }
    }

    private record Rule(double forSeconds, double groupIntervalSeconds, Map<String, String> labels) {}

    private final double scrapeSeconds;
    private final Map<String, Rule> rules;
    private final JsonNode route;

    private PipelineFloor(double scrapeSeconds, Map<String, Rule> rules, JsonNode route) {
        this.scrapeSeconds = scrapeSeconds;
        this.rules = rules;
        this.route = route;
    }

    /** Reads the live configuration; fails with the reason when Prometheus or Alertmanager does not answer. */
    public static PipelineFloor read(String prometheusUrl, String alertmanagerUrl) throws IOException, InterruptedException {
        JsonNode prometheus = YAML.readTree(get(prometheusUrl + "/api/v1/status/config").path("data").path("yaml").asText());
        double scrape = seconds(prometheus.path("global").path("scrape_interval").asText("1m"));
        for (JsonNode job : prometheus.path("scrape_configs")) {
            if ("services".equals(job.path("job_name").asText()) && job.has("scrape_interval")) {
                scrape = seconds(job.path("scrape_interval").asText());
            }
        }
        Map<String, Rule> rules = new HashMap<>();
        for (JsonNode group : get(prometheusUrl + "/api/v1/rules?type=alert").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                Map<String, String> labels = new HashMap<>();
                rule.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                labels.put("alertname", rule.path("name").asText());
                rules.putIfAbsent(rule.path("name").asText(),
                        new Rule(rule.path("duration").asDouble(), group.path("interval").asDouble(), labels));
            }
        }
        JsonNode alertmanager = YAML.readTree(get(alertmanagerUrl + "/api/v2/status").path("config").path("original").asText());
        return new PipelineFloor(scrape, rules, alertmanager.path("route"));
    }

    /** The floor of one alert, or null when Prometheus has no such alerting rule. */
    public Parts of(String alert) {
        Rule rule = rules.get(alert);
        if (rule == null) {
            return null;
        }
        return new Parts(scrapeSeconds, rule.groupIntervalSeconds(), rule.forSeconds(), groupWait(rule.labels()));
    }

    /** group_wait of the first child route (in order) matching the alert that delivers to the sink, else the root's. */
    private double groupWait(Map<String, String> labels) {
        double rootWait = seconds(route.path("group_wait").asText("30s"));
        for (JsonNode child : route.path("routes")) {
            if (matches(child, labels) && "alert-sink".equals(child.path("receiver").asText())) {
                return child.has("group_wait") ? seconds(child.path("group_wait").asText()) : rootWait;
            }
        }
        return rootWait;
    }

    private static boolean matches(JsonNode route, Map<String, String> labels) {
        for (JsonNode matcher : route.path("matchers")) {
            Matcher m = MATCHER.matcher(matcher.asText());
            if (!m.matches()) {
                return false;
            }
            String value = labels.getOrDefault(m.group(1), "");
            boolean ok = switch (m.group(2)) {
                case "=" -> value.equals(m.group(3));
                case "!=" -> !value.equals(m.group(3));
                default -> value.matches(m.group(3));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Prometheus durations as configured: 500ms, 2s, 1m, 1h30m. */
    static double seconds(String duration) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)").matcher(duration.trim());
        double total = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            total += switch (m.group(2)) {
                case "ms" -> n / 1000;
                case "s" -> n;
                case "m" -> n * 60;
                case "h" -> n * 3600;
                default -> n * 86400;
            };
        }
        return total;
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
