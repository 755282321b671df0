package io.firedrill.stack.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Reads one trace from Zipkin's v2 API and names its page in Zipkin's UI. */
public final class ZipkinTraces {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;

    public ZipkinTraces(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public String baseUrl() { return baseUrl; }

    /** The page of the trace in Zipkin's UI. */
    public String link(String traceId) {
        return baseUrl + "/zipkin/traces/" + traceId;
    }

    /**
     * The spans of a trace; empty when Zipkin has none (404: never sampled, not exported yet, or evicted from its
     * in-memory store). An unreachable Zipkin or an answer that is not a trace is an {@link IOException} saying so.
     */
    public List<Waterfall.Span> trace(String traceId) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/trace/" + traceId)).timeout(timeout)
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("connection refused (is the stack up?)", e); // the JDK client gives no message
        } catch (IOException e) {
            throw new IOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName()
                    + ": " + e.getMessage(), e);
        }
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + request.uri());
        }
        var body = JSON.readTree(response.body());
        if (body == null || !body.isArray()) {
            throw new IOException("not a trace (a JSON array of spans) at " + request.uri());
        }
        return Waterfall.spans(body);
    }
}
