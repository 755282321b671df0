package io.firedrill.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.traffic.profile.Profiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process API the chaos runner uses, and the run's own Prometheus exposition. */
class TrafficRunnerApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One sample line of the text exposition format: name{labels} value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? -?[0-9.eE+-]+|NaN");

    private static String scrape(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        return r.body();
    }

    @Test
    void aChaosScenarioCanDriveMarkScrapeAndStopARun(@TempDir Path targets) throws Exception {
        try (FakeShop shop = new FakeShop(100, false)) {
            AtomicReference<LiveSnapshot> seen = new AtomicReference<>();
            TrafficConfig config = TrafficConfig.builder(Profiles.constant(40, Duration.ofSeconds(60)))
                    .targets(Targets.allAt(shop.url())).pollInterval(Duration.ofMillis(50)).completionTimeout(Duration.ofSeconds(3))
                    .metricsPort(0).prometheusTargetsDir(targets).runId("chaos-demo").progress(seen::set).build();

            TrafficRun run = TrafficRunner.start(config);
            assertThat(run.metricsPort()).isPositive();
            // Registered for the stack's Prometheus (file_sd) while it runs.
            Path registration = targets.resolve("firedrill-traffic-chaos-demo.json");
            JsonNode sd = new ObjectMapper().readTree(registration.toFile());
            assertThat(sd.get(0).path("targets").get(0).asText()).isEqualTo("127.0.0.1:" + run.metricsPort());
            assertThat(sd.get(0).path("labels").path("service").asText()).isEqualTo("firedrill-traffic");

            await().atMost(Duration.ofSeconds(10)).until(() -> run.snapshot().sent() >= 40 && seen.get() != null);
            run.mark("fault injected");
            await().atMost(Duration.ofSeconds(10)).until(() -> scrape(run.metricsPort(), "/metrics")
                    .contains("firedrill_traffic_operations_total{run_id=\"chaos-demo\",operation=\"checkout_completed\",outcome=\"ok\"}"));

            String text = scrape(run.metricsPort(), "/actuator/prometheus");
            assertThat(text).contains("firedrill_traffic_target_rate{run_id=\"chaos-demo\"} 40")
                    .contains("firedrill_traffic_latency_seconds{run_id=\"chaos-demo\",operation=\"checkout_accepted\",quantile=\"0.99\"}")
                    .contains("# TYPE firedrill_traffic_latency_seconds summary")
                    .contains("firedrill_traffic_sent_total{run_id=\"chaos-demo\"}");
            for (String line : text.split("\n")) {
                if (!line.startsWith("#")) {
                    assertThat(line).matches(SAMPLE);
                }
            }
            promtoolAccepts(text);

            run.stop();
            TrafficResult result = run.await(Duration.ofSeconds(20));
            assertThat(result.run().interrupted()).isTrue();
            assertThat(result.run().elapsedSeconds()).isLessThan(30);
            assertThat(result.markers()).extracting(TrafficResult.Marker::label).containsExactly("fault injected");
            assertThat(result.rates().sent()).isEqualTo(result.rates().scheduled());
            // The achieved rate is judged against the time actually scheduled, not the 60 s planned.
            assertThat(result.rates().achievedRatio()).isBetween(0.9, 1.1);
            assertThat(registration).doesNotExist();
        }
    }

    /** promtool (installed with the stack's Prometheus) checks the exposition when present on this machine. */
    private static void promtoolAccepts(String text) throws Exception {
        Path promtool = Stream.of("/usr/bin/promtool", "/usr/local/bin/promtool").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (promtool == null) {
            return;
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void anUnreachableTargetFailsBeforeAnyTrafficWithoutAStackTrace() throws Exception {
        int dead = TestPorts.deadPort();
        TrafficConfig config = TrafficConfig.builder(Profiles.constant(10, Duration.ofSeconds(5)))
                .targets(Targets.allAt(URI.create("http://127.0.0.1:" + dead))).build();
        assertThatThrownBy(() -> TrafficRunner.start(config))
                .isInstanceOf(TrafficException.class)
                .hasMessage("order-service at http://127.0.0.1:" + dead + " is unreachable (connection refused): is it running? "
                        + "Start the stack or point the run elsewhere with --order-url");
    }

    @Test
    void aBusyMetricsPortIsAClearError() throws Exception {
        try (TestServers.Server server = TestServers.start(() -> { });
             java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            TrafficConfig config = TrafficConfig.builder(Profiles.constant(10, Duration.ofSeconds(1)))
                    .rawUrl(server.url()).metricsPort(busy.getLocalPort()).build();
            assertThatThrownBy(() -> TrafficRunner.start(config)).isInstanceOf(TrafficException.class)
                    .hasMessageContaining("metrics port " + busy.getLocalPort() + " is busy");
        }
    }

    @Test
    void thresholdsParseAndJudgeTheResult() {
        TrafficResult.Percentiles p = new TrafficResult.Percentiles(100, 10, 20, 30, 250, 400, 900, 15);
        TrafficResult.OperationSummary op = new TrafficResult.OperationSummary("order_lookup", 100,
                java.util.Map.of("ok", 98L, "server_error", 2L), 2, 0.02, p, p, java.util.Map.of(), null);
        TrafficResult r = new TrafficResult(null, new TrafficResult.Rates(100, 100, 100, 99, 1, 99, 0.99, 0.01, p), List.of(op), p,
                List.of(), List.of(), List.of(), null, null, List.of(), "PASS", 0);

        assertThat(Threshold.parse("requests.p99<=300ms").evaluate(r).passed()).isTrue();
        assertThat(Threshold.parse("requests.p99<=0.2s").evaluate(r).passed()).isFalse();
        assertThat(Threshold.parse("order_lookup.error_rate<=1%").evaluate(r)).extracting(TrafficResult.ThresholdResult::passed,
                TrafficResult.ThresholdResult::actual).containsExactly(false, 0.02);
        assertThat(Threshold.parse("run.achieved_ratio>=98%").evaluate(r).passed()).isTrue();
        assertThat(Threshold.parse("run.drop_rate<0.5%").evaluate(r).passed()).isFalse();
        assertThat(Threshold.parse("checkout_completed.p99<=1s").evaluate(r).note()).isEqualTo("no samples");
        assertThatThrownBy(() -> Threshold.parse("run.p99<=1s")).hasMessageContaining("need an operation");
        assertThatThrownBy(() -> Threshold.parse("refunds.p99<=1s")).hasMessageContaining("unknown operation 'refunds'");
        assertThatThrownBy(() -> Threshold.parse("requests.error_rate<=150%")).hasMessageContaining("between 0% and 100%");
    }
}
