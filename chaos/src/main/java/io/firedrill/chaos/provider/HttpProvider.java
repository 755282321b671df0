package io.firedrill.chaos.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.chaos.core.RunContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP call: {@code url}, {@code method} (GET), {@code body} (a map sent as JSON, or a string),
 * {@code headers}, {@code auth: admin} (adds the stack's bearer token), {@code expect-status} (default: any
 * 2xx), {@code timeout} (10s). Output: {@code {status, body}}, the body parsed as JSON when it is JSON.
 */
final class HttpProvider implements Provider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Override
    @SuppressWarnings("unchecked")
    public Object run(Map<String, Object> args, RunContext context) throws Exception {
        String url = Provider.required(args, "url");
        String method = Provider.optional(args, "method", "GET").toUpperCase();
        Object body = args.get("body");
        String payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(io.firedrill.chaos.core.Durations.parse(Provider.optional(args, "timeout", "10s")))
                .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
        if (payload != null) {
            request.header("Content-Type", "application/json");
        }
        if ("admin".equals(args.get("auth"))) {
            request.header("Authorization", "Bearer " + context.variables().get("admin.token"));
        }
        if (args.get("headers") instanceof Map<?, ?> headers) {
            ((Map<String, Object>) headers).forEach((k, v) -> request.header(k, String.valueOf(v)));
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Object expected = args.get("expect-status");
        boolean ok = expected == null ? response.statusCode() / 100 == 2
                : Integer.parseInt(expected.toString()) == response.statusCode();
        if (!ok) {
            throw new IllegalStateException(method + " " + url + " answered HTTP " + response.statusCode()
                    + (expected == null ? "" : " (expected " + expected + ")") + ": " + abbreviate(response.body()));
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", response.statusCode());
        String text = response.body();
        try {
            output.put("body", text.isBlank() ? "" : JSON.readValue(text, Object.class));
        } catch (Exception notJson) {
            output.put("body", abbreviate(text));
        }
        return output;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
