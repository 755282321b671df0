package io.firedrill.chaos.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads what Alertmanager delivered to the webhook sink (the ground truth of "the on-call was notified"),
 * and, for firing alerts, Alertmanager's own view ({@code /api/v2/alerts}): a resolve and re-fire within one
 * group interval is deduplicated by Alertmanager and never re-notified, yet the alert is active.
 */
public final class AlertSinkClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String sinkUrl;
    private final String alertmanagerUrl;

    public AlertSinkClient(String sinkUrl) {
        this(sinkUrl, null);
    }

    public AlertSinkClient(String sinkUrl, String alertmanagerUrl) {
        this.sinkUrl = sinkUrl;
        this.alertmanagerUrl = alertmanagerUrl;
    }

    /** Time Alertmanager was seen holding {@code alert} active with a start at or after {@code since} (now), if it does. */
    public Optional<Instant> activeInAlertmanager(String alert, Instant since) {
        if (alertmanagerUrl == null) {
            return Optional.empty();
        }
        try {
            String filter = URLEncoder.encode("alertname=\"" + alert + "\"", StandardCharsets.UTF_8);
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(alertmanagerUrl + "/api/v2/alerts?filter=" + filter))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode a : JSON.readTree(response.body())) {
                Instant startsAt = Instant.parse(a.path("startsAt").asText());
                if ("active".equals(a.path("status").path("state").asText()) && !startsAt.isBefore(since.minusSeconds(1))) {
                    return Optional.of(Instant.now());
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** When the first notification with {@code alert} in {@code status} arrived after {@code since}. */
    public Optional<Instant> firstNotification(String alert, String status, Instant since) {
        try {
            String url = sinkUrl + "/api/alerts?alertname=" + URLEncoder.encode(alert, StandardCharsets.UTF_8)
                    + "&status=" + status + "&since=" + since;
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode rows = JSON.readTree(response.body());
            Instant first = null;
            for (JsonNode row : rows) {
                Instant at = Instant.parse(row.path("receivedAt").asText());
                if (first == null || at.isBefore(first)) {
                    first = at;
                }
            }
            return Optional.ofNullable(first);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Polls until the notification arrives or {@code timeout} passes. */
    public Optional<Instant> await(String alert, String status, Instant since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<Instant> at = firstNotification(alert, status, since);
            if (at.isEmpty() && status.equals("firing")) {
                at = activeInAlertmanager(alert, since);
            }
            if (at.isPresent()) {
                return at;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }
}
