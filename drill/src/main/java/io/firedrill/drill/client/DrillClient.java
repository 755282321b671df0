package io.firedrill.drill.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.drill.model.DrillFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A client of the drill host's loopback API (the CLI's subcommands and the reference responder use it; any script can
 * do the same with curl). Answers are JSON; a 4xx/5xx problem becomes a {@link DrillApiException} with its detail.
 */
public final class DrillClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String token;

    public DrillClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    public JsonNode status() { return get("/api/drill"); }

    public JsonNode pages(int from) { return get("/api/drill/pages?from=" + from); }

    public JsonNode ack() { return post("/api/drill/ack", Map.of()); }

    public JsonNode diagnose(String id) { return post("/api/drill/diagnose", Map.of("id", id)); }

    public JsonNode hint() { return post("/api/drill/hint", Map.of()); }

    public JsonNode run(String ref) { return post("/api/drill/run", Map.of("ref", ref), Duration.ofMinutes(10)); }

    public JsonNode note(String text) { return post("/api/drill/note", Map.of("text", text)); }

    public JsonNode abort() { return post("/api/drill/abort", Map.of()); }

    public JsonNode truth() { return get("/api/drill/truth"); }

    public JsonNode secondFault(String scenario) { return post("/api/drill/second-fault", Map.of("scenario", scenario), Duration.ofMinutes(2)); }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().timeout(Duration.ofSeconds(10)));
    }

    public JsonNode post(String path, Object body) {
        return post(path, body, Duration.ofSeconds(30));
    }

    public JsonNode post(String path, Object body, Duration timeout) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(DrillFiles.JSON.writeValueAsBytes(body))));
        } catch (IOException e) {
            throw new DrillApiException(0, e.getMessage());
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? DrillFiles.JSON.createObjectNode() : DrillFiles.JSON.readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                throw new DrillApiException(response.statusCode(), body.path("detail").asText(response.body()));
            }
            return body;
        } catch (IOException e) {
            throw new DrillApiException(0, "the drill host does not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrillApiException(0, "interrupted");
        }
    }

    /** A problem answer (status and detail), or status 0 when the host could not be reached. */
    public static final class DrillApiException extends RuntimeException {
        private final int status;

        public DrillApiException(int status, String detail) {
            super(detail);
            this.status = status;
        }

        public int status() { return status; }
    }
}
