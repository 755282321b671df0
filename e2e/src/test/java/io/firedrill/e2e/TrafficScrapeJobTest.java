package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A traffic generator registers its metrics endpoint in the services' file_sd directory, and its endpoint goes away
 * before Prometheus re-reads the file when the run ends. It is scraped as job "traffic", so that moment is not a
 * service down: ServiceDown (a page) once fired for firedrill-traffic as a 20-minute run ended.
 */
@ExtendWith(ServicesExtension.class)
class TrafficScrapeJobTest {

    @Test
    void aTrafficRunWhoseEndpointIsGoneIsJobTrafficAndPagesNobody(Firedrill firedrill) throws Exception {
        String runId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        int gone;
        try (ServerSocket socket = new ServerSocket(0)) {
            gone = socket.getLocalPort(); // free again once closed: nothing answers there
        }
        Path registration = firedrill.prometheusTargetsDir().resolve("firedrill-traffic-" + runId + ".json");
        Files.writeString(registration, """
                [{"targets":["127.0.0.1:%d"],"labels":{"service":"firedrill-traffic","run_id":"%s"}}]""".formatted(gone, runId));
        try {
            List<JsonNode> up = Awaitility.await("Prometheus scrapes the run's endpoint").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> firedrill.prometheus("up{run_id=\"" + runId + "\"}"), rows -> !rows.isEmpty());

            assertThat(up).singleElement().satisfies(row -> {
                assertThat(row.path("metric").path("job").asText()).isEqualTo("traffic");
                assertThat(row.path("value").get(1).asText()).isEqualTo("0");
            });
            // ServiceDown's `for` is 2 s in the demo profile: give it three evaluations past that.
            Thread.sleep(8_000);
            assertThat(firedrill.prometheus("up{job=\"services\",service=\"firedrill-traffic\"}")).isEmpty();
            assertThat(firedrill.prometheus("ALERTS{alertname=\"ServiceDown\",service=\"firedrill-traffic\"}")).isEmpty();
        } finally {
            Files.deleteIfExists(registration);
        }
    }
}
