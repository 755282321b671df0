package io.firedrill.cdcrelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firedrill.stack.Endpoints;
import io.firedrill.stack.junit.FiredrillStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot app as run.sh starts it: readiness, Prometheus names, and the admin lever on the management port. */
@ExtendWith(FiredrillStackExtension.class)
class CdcRelayApplicationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void becomesReadyOnceStreamingAndExposesRelayMetricsToPrometheus(Endpoints endpoints) throws Exception {
        String management = start(endpoints);

        await().atMost(TIMEOUT).until(() -> get(management + "/actuator/health/readiness").statusCode() == 200);
        HttpResponse<String> readiness = get(management + "/actuator/health/readiness");
        assertThat(readiness.body()).contains("\"cdcRelay\"").contains("\"status\":\"UP\"");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get(management + "/actuator/prometheus").body())
                .contains("firedrill_cdc_lag_seconds{")
                .contains("firedrill_cdc_heartbeat_age_seconds{")
                .contains("firedrill_cdc_dlq_total{")
                .contains("firedrill_cdc_relay_paused{")
                .contains("service=\"cdc-relay\""));
    }

    @Test
    void adminPausesAndResumesRelayingOnTheManagementPortOnly(Endpoints endpoints) throws Exception {
        String management = start(endpoints);
        String appPort = app.getEnvironment().getProperty("local.server.port");

        HttpResponse<String> paused = post(management + "/admin/relay/pause");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(paused.body()).contains("\"paused\":true");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get(management + "/actuator/prometheus").body())
                .containsPattern("firedrill_cdc_relay_paused\\{[^}]*\\} 1\\.0"));
        HttpResponse<String> resumed = post(management + "/admin/relay/resume");
        assertThat(resumed.body()).contains("\"paused\":false");
        assertThat(get(management + "/admin/relay").body()).contains("\"state\"");
        assertThat(post(management + "/admin/relay/explode").statusCode()).isEqualTo(404);
        assertThat(post("http://127.0.0.1:" + appPort + "/admin/relay/pause").statusCode()).isEqualTo(404);
    }

    /** Starts the app on free ports against the running stack; returns the management base URL. */
    private String start(Endpoints endpoints) {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        app = new SpringApplicationBuilder(CdcRelayApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--FIREDRILL_KAFKA_BOOTSTRAP=" + endpoints.kafkaBootstrap(),
                "--FIREDRILL_MARIADB_PRIMARY_PORT=" + endpoints.mariadbPrimaryPort(),
                "--firedrill.cdc-relay.name=relayapptest-" + suffix,
                "--firedrill.cdc-relay.server-id=" + (100_000 + ThreadLocalRandom.current().nextInt(800_000)),
                "--firedrill.cdc-relay.databases=cdcrelayapptest_" + suffix,
                "--firedrill.cdc-relay.data-dir=" + dataDir);
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.management.port");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
