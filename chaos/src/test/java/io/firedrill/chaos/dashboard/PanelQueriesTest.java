package io.firedrill.chaos.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.stack.StackLayout;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A panel's queries as Grafana would run them over a run, and their answers as chart series. */
class PanelQueriesTest {

    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aboutTwoHundredPointsAndARateWindowOfAtLeastFourScrapes() {
        assertThat(PanelQueries.step(FROM, FROM.plusSeconds(150))).isEqualTo(1);
        assertThat(PanelQueries.step(FROM, FROM.plusSeconds(1000))).isEqualTo(5);
        assertThat(PanelQueries.builtIns(FROM, FROM.plusSeconds(150), 1, Duration.ofSeconds(2)))
                .containsEntry("rate_interval", "8s").containsEntry("interval", "1s").containsEntry("range", "150s");
        assertThat(PanelQueries.builtIns(FROM, FROM.plusSeconds(3000), 15, Duration.ofSeconds(15)))
                .containsEntry("rate_interval", "60s");
        assertThat(PanelQueries.builtIns(FROM, FROM.plusSeconds(3000), 50, Duration.ofSeconds(2)))
                .as("step + scrape when that is longer").containsEntry("rate_interval", "52s");
    }

    @Test
    void legendsFillInLabelsAsGrafanaDoes() {
        Map<String, String> labels = Map.of("__name__", "lag", "group", "order-service", "topic", "orders");
        assertThat(PanelQueries.legend("{{group}} {{ topic }}", labels, "q")).isEqualTo("order-service orders");
        assertThat(PanelQueries.legend("p99 {{missing}}", labels, "q")).isEqualTo("p99");
        assertThat(PanelQueries.legend("", labels, "q")).isEqualTo("lag{group=\"order-service\", topic=\"orders\"}");
        assertThat(PanelQueries.legend(null, Map.of(), "max(x)")).isEqualTo("max(x)");
    }

    @Test
    void aMatrixBecomesSeriesWithoutNaNsAndKeepsTheEightHighestPeaks() throws Exception {
        StringBuilder result = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            result.append(i == 0 ? "" : ",").append("{\"metric\":{\"service\":\"s").append(i).append("\"},\"values\":[[1767225600,\"")
                    .append(i).append("\"],[1767225601,\"NaN\"],[1767225602,\"+Inf\"],[1767225603,\"").append(i * 2).append("\"]]}");
        }
        result.append(",{\"metric\":{\"service\":\"only-nan\"},\"values\":[[1767225600,\"NaN\"]]}]");
        JsonNode matrix = new ObjectMapper().readTree(result.toString());

        PanelData.Query q = PanelQueries.query(new Dashboards.Target("A", "x", "{{service}}", false), "x", matrix);

        assertThat(q.omitted()).isEqualTo(2);
        assertThat(q.series()).extracting(PanelData.Series::legend).containsExactly("s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
        PanelData.Series s9 = q.series().get(7);
        assertThat(s9.points()).hasDimensions(2, 2);
        assertThat(s9.points()[1]).containsExactly(1767225603, 18);
    }

    @Test
    void asksPrometheusForEachTargetOverTheWindowWithTheRateWindowFromItsScrapeInterval() throws Exception {
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer prometheus = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        prometheus.createContext("/api/v1/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = path.endsWith("/status/config")
                    ? "{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  scrape_interval: 2s\\n  evaluation_interval: 2s\\nscrape_configs: []\\n\"}}"
                    : "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"outcome\":\"committed\"},"
                    + "\"values\":[[1767225600,\"5\"],[1767225601,\"6\"]]}]}}";
            if (path.endsWith("/query_range")) {
                asked.add(java.net.URLDecoder.decode(exchange.getRequestURI().getRawQuery(), java.nio.charset.StandardCharsets.UTF_8));
            }
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        prometheus.start();
        try {
            Dashboards dashboards = Dashboards.load(Dashboards.dir(StackLayout.locateProjectRoot(Path.of(""))));
            List<PanelData> panels = PanelQueries.fetchRun(StackLayout.locateProjectRoot(Path.of("")),
                    List.of(new Scenario.PanelRef("firedrill-checkout-flow", "Confirm guard decisions")),
                    "http://127.0.0.1:" + prometheus.getAddress().getPort(), FROM.plusSeconds(30), FROM.plusSeconds(150));

            assertThat(asked).singleElement().satisfies(q -> assertThat(q)
                    .contains("query=sum by (outcome) (rate(firedrill_reservation_commit_total[8s]))")
                    .contains("start=1767225600.000").contains("end=1767225750.000").contains("step=1.0"));
            PanelData panel = panels.get(0);
            assertThat(panel.unit()).isEqualTo("ops");
            assertThat(panel.from()).isEqualTo(FROM);
            assertThat(panel.queries().get(0).series()).singleElement().satisfies(s -> {
                assertThat(s.legend()).isEqualTo("committed");
                assertThat(s.last()).isEqualTo(6);
            });
            assertThat(dashboards.panel("firedrill-checkout-flow", "Confirm guard decisions").queries()).hasSize(1);
        } finally {
            prometheus.stop(0);
        }
    }

    @Test
    void aPrometheusThatDoesNotAnswerGivesPanelsWithTheErrorInsteadOfFailing() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Dashboards dashboards = Dashboards.load(Dashboards.dir(StackLayout.locateProjectRoot(Path.of(""))));
        List<PanelData> panels = PanelQueries.fetch(dashboards, List.of(new Scenario.PanelRef("firedrill-infra", "Kafka consumer lag"),
                        new Scenario.PanelRef("firedrill-infra", "No such panel")),
                "http://127.0.0.1:" + closedPort, FROM, FROM.plusSeconds(100));

        assertThat(panels).hasSize(2);
        assertThat(panels.get(0).hasData()).isFalse();
        assertThat(panels.get(0).queries()).singleElement().satisfies(q -> {
            assertThat(q.expr()).isEqualTo("sum by (group, topic) (firedrill:kafka_consumer_lag:sum)");
            assertThat(q.error()).isNotBlank();
        });
        assertThat(panels.get(1).queries().get(0).error()).contains("no panel titled 'No such panel'");
    }
}
