package io.firedrill.cdcrelay;

import io.firedrill.stack.testing.AdminHttp;
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
    void adminPausesAndResumesRelayingOnTheManagementPortOnlyWithTheStackToken(Endpoints endpoints) throws Exception {
        String management = start(endpoints);
        AdminHttp admin = AdminHttp.management(Integer.parseInt(management.replaceAll(".*:", "")));
        int appPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));

        assertThat(admin.notRefusedWithoutValidToken("GET /admin/settings", "PATCH /admin/settings",
                "DELETE /admin/settings", "POST /actuator/chaosmonkey/assaults")).isEmpty();
        assertThat(admin.notOpenToAnonymous("GET /actuator/health/liveness", "GET /actuator/prometheus")).isEmpty();

        HttpResponse<String> paused = admin.patch("/admin/settings", "{\"paused\":true}");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(paused.body()).contains("\"paused\":true");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get(management + "/actuator/prometheus").body())
                .containsPattern("firedrill_cdc_relay_paused\\{[^}]*\\} 1\\.0"));
        HttpResponse<String> resumed = admin.delete("/admin/settings");
        assertThat(resumed.body()).contains("\"paused\":false");
        assertThat(admin.get("/admin/settings").body()).contains("\"state\"");
        assertThat(admin.patch("/admin/settings", "{\"state\":\"STOPPED\"}").statusCode()).isEqualTo(400);
        assertThat(admin.patch("/admin/settings", "{\"paused\":\"yes\"}").statusCode()).isEqualTo(400);
        assertThat(AdminHttp.management(appPort).patch("/admin/settings", "{\"paused\":true}").statusCode()).isEqualTo(404);
        assertThat(admin.get("/admin/settings").body()).contains("\"paused\":false");
    }

    @Test
    void stallLeversAndTheEngineRestartCommandAreAdminOnlyAndRefuseBadValues(Endpoints endpoints) throws Exception {
        String management = start(endpoints);
        AdminHttp admin = AdminHttp.management(Integer.parseInt(management.replaceAll(".*:", "")));
        await().atMost(TIMEOUT).until(() -> get(management + "/actuator/health/readiness").statusCode() == 200);

        assertThat(admin.notRefusedWithoutValidToken("POST /admin/restart-engine")).isEmpty();
        assertThat(admin.get("/admin/settings").body()).contains("\"engineStall\":false").contains("\"stallTimeout\":\"5000ms\"");
        // Out of range (under 3 heartbeat intervals): 422, and nothing changes, not even the valid field beside it.
        assertThat(admin.patch("/admin/settings", "{\"engineStall\":true,\"stallTimeout\":\"1s\"}").statusCode()).isEqualTo(422);
        assertThat(admin.patch("/admin/settings", "{\"engineStall\":\"yes\"}").statusCode()).isEqualTo(400);
        assertThat(admin.get("/admin/settings").body()).contains("\"engineStall\":false").contains("\"stallTimeout\":\"5000ms\"");

        HttpResponse<String> stalled = admin.patch("/admin/settings", "{\"engineStall\":true,\"stallTimeout\":\"0s\"}");
        assertThat(stalled.statusCode()).isEqualTo(200);
        assertThat(stalled.body()).contains("\"engineStall\":true").contains("\"stallTimeout\":\"0ms\"");

        // A misspelt field is refused, not dropped: the engine is not restarted under a reason nobody gave.
        HttpResponse<String> misspelt = admin.post("/admin/restart-engine", "{\"reasn\":\"test\"}");
        assertThat(misspelt.statusCode()).as(misspelt.body()).isEqualTo(400);
        assertThat(misspelt.body()).contains("reasn is not a known field");
        assertThat(admin.get("/admin/settings").body()).contains("\"engineStarts\":1");

        HttpResponse<String> restarted = admin.post("/admin/restart-engine", "{\"reason\":\"test\"}");
        assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(200);
        assertThat(restarted.body()).contains("\"restarted\":true");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin.get("/admin/settings").body())
                .contains("\"engineStarts\":2").contains("\"engineStall\":false").contains("\"streaming\":true"));

        assertThat(admin.delete("/admin/settings").body()).contains("\"stallTimeout\":\"5000ms\"");
    }

    /** Starts the app on free ports against the running stack; returns the management base URL. */
    private String start(Endpoints endpoints) {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        app = new SpringApplicationBuilder(CdcRelayApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--FIREDRILL_KAFKA_BOOTSTRAP=" + endpoints.kafkaBootstrap(),
                "--FIREDRILL_MARIADB_PRIMARY_PORT=" + endpoints.mariadbPrimaryPort(),
                "--FIREDRILL_ZIPKIN_URL=" + endpoints.zipkinUrl(),
                "--firedrill.cdc-relay.name=relayapptest-" + suffix,
                "--firedrill.cdc-relay.server-id=" + (100_000 + ThreadLocalRandom.current().nextInt(800_000)),
                "--firedrill.cdc-relay.databases=cdcrelayapptest_" + suffix,
                "--firedrill.cdc-relay.data-dir=" + dataDir,
                "--FIREDRILL_ADMIN_TOKEN=" + endpoints.adminToken());
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.management.port");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
