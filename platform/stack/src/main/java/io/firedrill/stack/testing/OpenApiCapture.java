package io.firedrill.stack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.firedrill.stack.apidocs.OpenApiPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Keeps the OpenAPI document a running service serves: a service's test calls it with the {@code /v3/api-docs} URL
 * of the app it booted against the real stack, and gets the document back to assert on. The document is written to
 * {@code target/openapi/<service>.json} of the module under test, with its static HTML page beside it
 * ({@code <service>.html}, see {@link OpenApiPage}), which CI publishes: the published docs are what the tested
 * build served, not a copy kept by hand.
 */
public final class OpenApiCapture {

    /** Relative to the module under test: surefire runs tests in the module's directory. */
    public static final Path OUTPUT = Path.of("target", "openapi");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OpenApiCapture() {}

    /**
     * GETs {@code apiDocsUrl}, checks it is an OpenAPI document, writes it and its page under {@link #OUTPUT} and
     * returns the body as served. Fails (AssertionError) on any status but 200 or a body without {@code openapi}
     * and {@code paths}, naming the URL and the body.
     */
    public static String capture(String service, String apiDocsUrl) {
        return capture(service, apiDocsUrl, OUTPUT);
    }

    static String capture(String service, String apiDocsUrl, Path output) {
        HttpResponse<String> response = get(apiDocsUrl);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + apiDocsUrl + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode document;
        try {
            document = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + apiDocsUrl + " is not JSON: " + response.body(), e);
        }
        if (!document.path("openapi").isTextual() || !document.path("paths").isObject()) {
            throw new AssertionError("GET " + apiDocsUrl + " is not an OpenAPI document (no openapi or paths): "
                    + response.body());
        }
        try {
            Files.createDirectories(output);
            Files.writeString(output.resolve(service + ".json"), JSON.writeValueAsString(document), StandardCharsets.UTF_8);
            Files.writeString(output.resolve(service + ".html"), OpenApiPage.render(service, document), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the OpenAPI document of " + service + " to " + output.toAbsolutePath(), e);
        }
        return response.body();
    }

    private static HttpResponse<String> get(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + url, e);
        }
    }
}
