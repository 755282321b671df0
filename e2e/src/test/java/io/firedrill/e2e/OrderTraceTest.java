package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.core.Timeline;
import io.firedrill.chaos.provider.Provider;
import io.firedrill.chaos.provider.Providers;
import io.firedrill.stack.StackCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Support's two questions on the real stack. "What happened to order X?": {@code firedrill-stack trace X} prints the
 * order's log lines from every service and its trace from Zipkin as a waterfall with the link. "A customer got a 500":
 * with a chaos-monkey exception assault on order-service's checkout controller, the 500 problem+json carries the
 * request's trace id, and that id finds the ERROR line in order-service's log and the trace in Zipkin.
 */
@ExtendWith(ServicesExtension.class)
class OrderTraceTest {

    private static final Duration SAGA = Duration.ofSeconds(120);
    /** Spans are exported in batches every few seconds; a loaded machine needs more. */
    private static final Duration EXPORT = Duration.ofSeconds(60);
    private static final List<String> SAGA_SERVICES = List.of("order-service", "inventory-service", "payment-service",
            "shipment-service");

    private final Provider monkey = Providers.forType("chaos-monkey");
    private Firedrill firedrill;
    private RunContext chaos;
    private JsonNode watchersBefore;

    /** Always: the assault off first, then order-service's watchers as they were, so no later test meets either. */
    @AfterEach
    void assaultOffAndWatchersBack() throws Exception {
        try {
            if (chaos != null) {
                monkey.run(Map.of("service", "order", "assault", "off"), chaos);
            }
        } finally {
            if (watchersBefore != null) {
                ObjectNode restore = Firedrill.JSON.createObjectNode();
                restore.put("restController", watchersBefore.path("restController").asBoolean(false));
                restore.set("beans", watchersBefore.path("beans"));
                HttpResponse<String> r = firedrill.admin("POST", watchersUrl(), restore);
                assertThat(r.statusCode()).as("restoring the watchers: " + r.body()).isBetween(200, 299);
            }
        }
    }

    @Test
    void traceCommandShowsEveryServicesLinesOfTheOrderAndItsWaterfallWithTheZipkinLink(Firedrill firedrill) throws Exception {
        String sku = firedrill.loadCatalog(10).get(0);
        HttpResponse<String> placed = firedrill.send("POST", firedrill.orderUrl() + "/api/orders",
                firedrill.orderBody(UUID.randomUUID(), Firedrill.GOOD_CARD, Map.of(sku, 1)));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        UUID orderId = UUID.fromString(Firedrill.JSON.readTree(placed.body()).path("orderId").asText());
        String traceId = placed.headers().firstValue("X-Trace-Id").orElseThrow();
        assertThat(firedrill.awaitTerminal(orderId, SAGA)).as("order " + orderId).containsEntry("status", "COMPLETED");

        String link = firedrill.endpoints().zipkinUrl() + "/zipkin/traces/" + traceId;
        Cli[] last = new Cli[1];
        Awaitility.await().atMost(EXPORT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            last[0] = trace(firedrill, orderId.toString());
            String out = last[0].out();
            assertThat(last[0].exit()).as(last[0].err()).isZero();
            assertThat(out).startsWith("order " + orderId + ": ").contains("trace ids: " + traceId);
            for (String service : SAGA_SERVICES) {
                assertThat(out).as("a merged log line of " + service)
                        .containsPattern(Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  " + service + " +[A-Z]+ +.*"
                                + orderId));
            }
            // The waterfall: the checkout request's server span of order-service and spans of the participants.
            assertThat(out).containsPattern(Pattern.compile("(?m)^ +[0-9.]+ +[0-9.]+  \\|=[= ]*\\|  order-service  .*"
                    + "/api/orders.*\\[server]$"));
            assertThat(out).containsPattern(Pattern.compile(
                    "(?m)^ +[0-9.]+ +[0-9.]+  \\|[= ]+\\|  +(inventory|payment|shipment)-service  .*\\[consumer]$"));
            assertThat(out).contains("Zipkin: " + link).doesNotContain("did not answer");
        });
        System.out.println(last[0].out());
    }

    @Test
    void aCrashInTheCheckoutControllerAnswers500WithTheTraceIdOfItsErrorLineAndItsTrace(Firedrill firedrill) throws Exception {
        this.firedrill = firedrill;
        String sku = firedrill.loadCatalog(10).get(0);
        ObjectNode body = firedrill.orderBody(UUID.randomUUID(), Firedrill.GOOD_CARD, Map.of(sku, 1));

        // Watch only the REST controller (OrderController: checkout), not the repositories and clients the service's
        // configuration watches, so the assault breaks the request and nothing of the sagas in the background.
        HttpResponse<String> watchers = firedrill.admin("GET", watchersUrl(), null);
        assertThat(watchers.statusCode()).as("order-service runs with the chaos-monkey profile: " + watchers.body())
                .isEqualTo(200);
        watchersBefore = Firedrill.JSON.readTree(watchers.body());
        ObjectNode controllerOnly = Firedrill.JSON.createObjectNode();
        controllerOnly.put("restController", true);
        controllerOnly.putArray("beans");
        HttpResponse<String> watched = firedrill.admin("POST", watchersUrl(), controllerOnly);
        assertThat(watched.statusCode()).as(watched.body()).isBetween(200, 299);
        chaos = new RunContext(firedrill.stack(), firedrill.endpoints(), "defect", Map.of(), new Timeline());
        monkey.run(Map.of("service", "order", "assault", "exception"), chaos);

        HttpResponse<String> crashed = firedrill.send("POST", firedrill.orderUrl() + "/api/orders", body);

        assertThat(crashed.statusCode()).as("the assault hits OrderController: " + crashed.body()).isEqualTo(500);
        assertThat(crashed.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Firedrill.JSON.readTree(crashed.body());
        String traceId = problem.path("traceId").asText();
        assertThat(traceId).as("traceId of the 500 problem (order-service must run this branch's build): " + crashed.body())
                .matches("[0-9a-f]{32}");
        assertThat(crashed.headers().firstValue("X-Trace-Id")).contains(traceId);
        assertThat(problem.path("code").asText()).isEqualTo("internal-error");
        assertThat(crashed.body()).doesNotContain("Chaos Monkey").doesNotContain("\tat ");

        // The ERROR line of that request in order-service's log, found by the trace id alone.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<JsonNode> errors = linesWithTrace(firedrill, "order-service", traceId).stream()
                    .filter(l -> "ERROR".equals(l.path("log").path("level").asText())).toList();
            assertThat(errors).as("ERROR lines of trace " + traceId).isNotEmpty();
            assertThat(errors.get(0).path("message").asText()).contains("POST /api/orders").contains(traceId);
            assertThat(errors.get(0).path("error").path("message").asText()).contains("Chaos Monkey");
        });

        // And the trace in Zipkin: order-service's server span of the failed request.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode spans = firedrill.zipkinTrace(traceId);
            assertThat(spans).as("spans of trace " + traceId + " in Zipkin").isNotEmpty();
            List<JsonNode> server = new java.util.ArrayList<>();
            for (JsonNode span : spans) {
                if ("order-service".equals(span.path("localEndpoint").path("serviceName").asText())
                        && "SERVER".equals(span.path("kind").asText())) {
                    server.add(span);
                }
            }
            assertThat(server).as("order-service's server span").isNotEmpty();
            JsonNode tags = server.get(0).path("tags");
            assertThat(tags.path("http.response.status_code").asText(tags.path("http.status_code").asText()))
                    .as("tags " + tags).isEqualTo("500");
        });
    }

    @Test
    void anOrderNoLogMentionsIsReportedAndExits1(Firedrill firedrill) {
        String unknown = UUID.randomUUID().toString();

        Cli r = trace(firedrill, unknown);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("no log line mentions order " + unknown + " in ")
                .contains(firedrill.logFile("order-service").toString());
    }

    private String watchersUrl() {
        return firedrill.adminUrl(0) + "/actuator/chaosmonkey/watchers";
    }

    private record Cli(int exit, String out, String err) {}

    /** {@code firedrill-stack trace ORDER_ID} in-process, on this stack's home, ports and Zipkin. */
    private static Cli trace(Firedrill firedrill, String orderId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var layout = firedrill.stack().layout();
        int exit = StackCli.execute(new String[] {"--home", layout.home().toString(),
                        "--port-base", Integer.toString(layout.ports().base()), "trace",
                        "--zipkin", firedrill.endpoints().zipkinUrl(), orderId},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The JSON lines of a service's log whose trace_id is the given one. */
    private static List<JsonNode> linesWithTrace(Firedrill firedrill, String service, String traceId) throws Exception {
        List<JsonNode> found = new java.util.ArrayList<>();
        try (Stream<String> lines = Files.lines(firedrill.logFile(service))) {
            for (String line : (Iterable<String>) lines.filter(l -> l.startsWith("{") && l.contains(traceId))::iterator) {
                JsonNode json = Firedrill.JSON.readTree(line);
                if (traceId.equals(json.path("trace_id").asText())) {
                    found.add(json);
                }
            }
        }
        return found;
    }
}
