package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.stack.component.SpringService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Observability of one checkout on the real stack: the trace Zipkin holds (HTTP request → outbox → cdc-relay →
 * Kafka → every consumer, one trace id, the one the API returned in X-Trace-Id) and the JSON log lines the
 * services wrote while handling it.
 */
@ExtendWith(ServicesExtension.class)
class TracesAndLogsTest {

    private static final Duration SAGA = Duration.ofSeconds(120);
    private static final Duration EXPORT = Duration.ofSeconds(120);
    /** Every application of the stack takes part in a checkout. */
    private static final List<String> SAGA_SERVICES = SpringService.ALL.stream().map(SpringService.Spec::name).toList();

    record Checkout(UUID orderId, String traceId) {}

    private static Checkout completedCheckout(Firedrill firedrill) throws Exception {
        String sku = firedrill.loadCatalog(10).get(0);
        HttpResponse<String> response = firedrill.send("POST", firedrill.orderUrl() + "/api/orders",
                firedrill.orderBody(UUID.randomUUID(), Firedrill.GOOD_CARD, Map.of(sku, 1)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID orderId = UUID.fromString(Firedrill.JSON.readTree(response.body()).path("orderId").asText());
        String traceId = response.headers().firstValue("X-Trace-Id").orElse(null);
        assertThat(traceId).as("X-Trace-Id of the checkout").matches("[0-9a-f]{32}");
        assertThat(firedrill.awaitTerminal(orderId, SAGA)).as("order " + orderId).containsEntry("status", "COMPLETED");
        return new Checkout(orderId, traceId);
    }

    @Test
    void oneCheckoutIsOneTraceFromTheRequestThroughTheRelayToEveryConsumer(Firedrill firedrill) throws Exception {
        Checkout checkout = completedCheckout(firedrill);

        // The outbox rows every service wrote for the order carry the trace id the API returned.
        for (String db : List.of("firedrill_order", "firedrill_inventory", "firedrill_payment", "firedrill_shipment")) {
            for (Map<String, Object> row : firedrill.query(db, "SELECT tracingspancontext FROM outbox WHERE aggregateid = ?",
                    checkout.orderId().toString())) {
                assertThat(String.valueOf(row.get("tracingspancontext"))).as(db + " outbox row")
                        .startsWith("00-" + checkout.traceId() + "-");
            }
        }

        // Spans are exported in batches (every few seconds): wait until every service's spans arrived.
        try {
            // Whole means every service's spans and, for every consumer span, its parent (the relay's publish span,
            // exported by another process on its own schedule: it can arrive after the consumer's).
            Awaitility.await().atMost(EXPORT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(firedrill.servicesInTrace(checkout.traceId())).as("services in trace " + checkout.traceId())
                        .containsAll(SAGA_SERVICES);
                assertThat(consumersWithoutTheirParent(firedrill.zipkinTrace(checkout.traceId())))
                        .as("consumer spans whose parent has not arrived").isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException missing) {
            // In the message, since CI shows the failure line: spans per service in the trace, and whether Zipkin
            // dropped or evicted anything (a failure in CI said only that shipment-service's spans never came).
            throw new AssertionError(missing.getMessage() + " | spans per service: " + spansPerService(firedrill, checkout.traceId())
                    + " | Zipkin's collector: " + zipkinCollector(firedrill), missing);
        }

        JsonNode spans = firedrill.zipkinTrace(checkout.traceId());
        Map<String, JsonNode> byId = new HashMap<>();
        spans.forEach(span -> byId.put(span.path("id").asText(), span));
        List<JsonNode> roots = new ArrayList<>();
        for (JsonNode span : spans) {
            assertThat(span.path("traceId").asText()).isEqualTo(checkout.traceId());
            if (span.path("parentId").isMissingNode()) {
                roots.add(span);
            }
        }
        assertThat(roots).as("one root: the checkout request").hasSize(1);
        assertThat(roots.get(0).path("localEndpoint").path("serviceName").asText()).isEqualTo("order-service");
        assertThat(roots.get(0).path("kind").asText()).isEqualTo("SERVER");
        assertThat(roots.get(0).path("name").asText()).containsIgnoringCase("/api/orders");

        // Every message consumed for the order is a child of the relay's publish span of that record.
        List<JsonNode> consumers = stream(spans).filter(s -> "CONSUMER".equals(s.path("kind").asText())).toList();
        assertThat(consumers).as("consumer spans").hasSizeGreaterThanOrEqualTo(7);
        for (JsonNode consumer : consumers) {
            JsonNode parent = byId.get(consumer.path("parentId").asText());
            assertThat(parent).as("parent of " + consumer.path("name").asText() + " is in the trace").isNotNull();
            assertThat(parent.path("kind").asText()).isEqualTo("PRODUCER");
            assertThat(parent.path("localEndpoint").path("serviceName").asText()).isEqualTo("cdc-relay");
            assertThat(parent.path("tags").path("messaging.message.id").asText())
                    .isEqualTo(consumer.path("tags").path("messaging.message.id").asText());
        }
    }

    @Test
    void serviceLogLinesAreJsonCarryingTraceSpanServiceRegionAndOrder(Firedrill firedrill) throws Exception {
        Checkout checkout = completedCheckout(firedrill);

        for (String service : List.of("order-service", "payment-service", "inventory-service")) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<JsonNode> lines = jsonLinesAbout(firedrill, service, checkout.orderId());
                for (JsonNode line : lines) {
                    assertThat(line.path("service").path("name").asText()).as(service + ": " + line).isEqualTo(service);
                    assertThat(line.path("tenant_region").asText()).as(service + ": " + line).isEqualTo("eu-west");
                    assertThat(line.path("message").asText()).isNotEmpty();
                }
                // Lines written while handling the checkout's request or messages are in its trace. (A line of a
                // background job about the order, e.g. the inventory reaper, has no trace of its own.)
                List<JsonNode> handling = lines.stream().filter(l -> l.has("event_id")
                        || l.path("log").path("logger").asText().endsWith(".CheckoutService")).toList();
                assertThat(handling).as(service + " log lines handling order " + checkout.orderId()).isNotEmpty();
                for (JsonNode line : handling) {
                    assertThat(line.path("trace_id").asText()).as(service + ": " + line).isEqualTo(checkout.traceId());
                    assertThat(line.path("span_id").asText()).as(service + ": " + line).matches("[0-9a-f]{16}");
                }
            });
        }
    }

    /** The JSON lines of a service's log whose MDC order_id is the order; fails on a line that is not JSON. */
    private static List<JsonNode> jsonLinesAbout(Firedrill firedrill, String service, UUID orderId) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        try (Stream<String> lines = Files.lines(firedrill.logFile(service))) {
            for (String line : (Iterable<String>) lines.filter(l -> l.contains(orderId.toString()))::iterator) {
                JsonNode json = Firedrill.JSON.readTree(line);
                if (orderId.toString().equals(json.path("order_id").asText())) {
                    found.add(json);
                }
            }
        }
        return found;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list.stream();
    }

    private static List<String> consumersWithoutTheirParent(JsonNode spans) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        spans.forEach(span -> ids.add(span.path("id").asText()));
        return stream(spans).filter(s -> "CONSUMER".equals(s.path("kind").asText()) && !ids.contains(s.path("parentId").asText()))
                .map(s -> s.path("localEndpoint").path("serviceName").asText() + " " + s.path("name").asText()).toList();
    }

    private static Map<String, Integer> spansPerService(Firedrill firedrill, String traceId) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        try {
            firedrill.zipkinTrace(traceId).forEach(span -> counts.merge(span.path("localEndpoint").path("serviceName").asText(), 1, Integer::sum));
        } catch (Exception e) {
            counts.put("(Zipkin did not answer: " + e + ")", 0);
        }
        return counts;
    }

    private static String zipkinCollector(Firedrill firedrill) {
        try {
            return firedrill.send("GET", firedrill.endpoints().zipkinUrl() + "/prometheus", null).body().lines()
                    .filter(l -> l.startsWith("zipkin_collector_") && l.contains("http")).map(String::trim)
                    .collect(java.util.stream.Collectors.joining(", "));
        } catch (Exception e) {
            return "not read: " + e;
        }
    }
}
