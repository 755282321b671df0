package io.firedrill.notification;

import io.firedrill.messaging.testing.TestHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small HTTP helpers for the tests (JSON: {@code TestHttp}; records as cdc-relay publishes them: {@code TestMessages}). */
final class NotificationTestSupport {

    private NotificationTestSupport() {}

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    static HttpResponse<String> put(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        return TestHttp.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
