package io.firedrill.chaos.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.chaos.core.RunContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * An instant PromQL query ({@code query}). Output: the value of the first sample as a number, or
 * {@code empty-value} (default 0) when the result is empty — say which you mean: an absent series is
 * often "nothing happened", but not always.
 */
final class PrometheusProvider implements Provider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Override
    public Object run(Map<String, Object> args, RunContext context) throws Exception {
        String query = Provider.required(args, "query");
        String url = context.endpoints().prometheusUrl() + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query failed (HTTP " + response.statusCode() + "): " + body.path("error").asText(response.body()));
        }
        JsonNode result = body.path("data").path("result");
        String type = body.path("data").path("resultType").asText();
        if (type.equals("scalar")) {
            return result.get(1).asDouble();
        }
        if (result.isEmpty()) {
            Object empty = args.getOrDefault("empty-value", 0);
            return empty == null ? null : Double.parseDouble(empty.toString());
        }
        return result.get(0).path("value").get(1).asDouble();
    }
}
