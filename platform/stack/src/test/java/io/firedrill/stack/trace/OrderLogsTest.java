package io.firedrill.stack.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The merger on canned logs: real lines of two checkouts from the five services and the relay, plus a sweeper line that
 * names the order only in its message, a crash with an exception, and lines that are not JSON.
 */
class OrderLogsTest {

    static final String ORDER = "30d0eb16-48bc-4a29-bdf5-bb6bc68dfee2";
    static final String OTHER_ORDER = "a9d5c419-374f-4b98-a8ef-647e4490c621";
    static final String CHECKOUT_TRACE = "e01271fa215dbf3361cadac4e73c9b0f";
    static final String CRASH_TRACE = "7d3c1f0e9a8b4c2d1e0f9a8b7c6d5e4f";
    static final List<String> SERVICES = List.of("cdc-relay", "inventory-service", "payment-service", "shipment-service",
            "notification-service", "order-service");

    static Map<String, Path> cannedLogs() throws URISyntaxException {
        Path dir = Path.of(OrderLogsTest.class.getResource("/trace/logs").toURI());
        Map<String, Path> logs = new LinkedHashMap<>();
        SERVICES.forEach(s -> logs.put(s, dir.resolve(s + ".log")));
        return logs;
    }

    @Test
    void mergesTheOrdersLinesOfEveryServiceByTimeAndLeavesOtherOrdersOut() throws Exception {
        List<OrderLogs.Line> lines = OrderLogs.about(ORDER, cannedLogs(), null);

        assertThat(lines).extracting(OrderLogs.Line::service).containsExactly(
                "cdc-relay",            // a JVM line that is not JSON: the time of the line before it in its file
                "order-service",        // placed (checkout request)
                "cdc-relay",            // names the order only in its message
                "inventory-service", "payment-service", "shipment-service",
                "order-service",        // completed
                "order-service",        // the sweeper: named in the message, no MDC order_id, no trace
                "notification-service", "notification-service",
                "order-service");       // the crash of a later GET
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i).time()).isAfterOrEqualTo(lines.get(i - 1).time());
        }
        assertThat(lines).allSatisfy(l -> assertThat(l.message()).contains(ORDER));
        assertThat(lines.get(1).message()).startsWith("order " + ORDER + " placed for customer");
        assertThat(lines.get(1).level()).isEqualTo("INFO");
        assertThat(lines.get(1).time()).isEqualTo(Instant.parse("2026-12-07T19:46:05.481354963Z"));
        assertThat(lines.get(0).level()).isEqualTo("-");
        assertThat(lines.get(7).traceId()).isNull();

        OrderLogs.Line crash = lines.get(lines.size() - 1);
        assertThat(crash.level()).isEqualTo("ERROR");
        assertThat(crash.traceId()).isEqualTo(CRASH_TRACE);
        assertThat(crash.message()).endsWith("[java.lang.RuntimeException: Chaos Monkey - RuntimeException]")
                .doesNotContain("\tat ");

        List<OrderLogs.Line> other = OrderLogs.about(OTHER_ORDER, cannedLogs(), null);
        assertThat(other).hasSize(7).allSatisfy(l -> {
            assertThat(l.orderId()).isEqualTo(OTHER_ORDER);
            assertThat(l.message()).doesNotContain(ORDER);
        });
    }

    @Test
    void groupsTheLinesByTraceIdInOrderOfFirstAppearance() throws Exception {
        Map<String, Map<String, Integer>> traces = OrderLogs.traces(OrderLogs.about(ORDER, cannedLogs(), null));

        assertThat(traces.keySet()).containsExactly(CHECKOUT_TRACE, CRASH_TRACE);
        assertThat(traces.get(CHECKOUT_TRACE)).containsExactly(Map.entry("order-service", 2), Map.entry("cdc-relay", 1),
                Map.entry("inventory-service", 1), Map.entry("payment-service", 1), Map.entry("shipment-service", 1),
                Map.entry("notification-service", 2));
        assertThat(traces.get(CRASH_TRACE)).containsExactly(Map.entry("order-service", 1));
    }

    @Test
    void sinceDropsOlderLinesAndMissingFilesAreSkipped() throws Exception {
        Map<String, Path> logs = cannedLogs();
        logs.put("ghost-service", Path.of("/nonexistent/ghost-service.log"));

        List<OrderLogs.Line> late = OrderLogs.about(ORDER, logs, Instant.parse("2026-12-07T19:46:11Z"));

        assertThat(late).extracting(OrderLogs.Line::service).containsExactly("order-service", "order-service",
                "notification-service", "notification-service", "order-service");
        assertThat(OrderLogs.about("00000000-0000-0000-0000-000000000000", logs, null)).isEmpty();
    }
}
