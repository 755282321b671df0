package io.firedrill.stack.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The waterfall of a canned Zipkin answer: a checkout through the relay to every participant, unsorted, one orphan. */
class WaterfallTest {

    static List<Waterfall.Span> cannedSpans() throws Exception {
        return Waterfall.spans(new ObjectMapper().readTree(WaterfallTest.class.getResource("/trace/zipkin-trace.json")));
    }

    @Test
    void placesChildrenUnderTheirParentsBySiblingStartAndAnOrphanAsARootOfItsOwn() throws Exception {
        List<Waterfall.Row> rows = Waterfall.rows(cannedSpans());

        assertThat(rows).hasSize(16);
        assertThat(rows.get(0).span().name()).isEqualTo("post /api/orders");
        assertThat(rows.get(0).depth()).isZero();
        assertThat(rows.get(0).offsetMicros()).isZero();
        assertThat(rows.get(1).span().name()).isEqualTo("GET");
        assertThat(rows.get(1).depth()).isEqualTo(1);
        assertThat(rows.get(2).span().service()).isEqualTo("inventory-service");
        assertThat(rows.get(2).depth()).isEqualTo(2);
        assertThat(rows.get(3).span().service()).isEqualTo("cdc-relay");
        assertThat(rows.get(3).depth()).as("the relay's publish is the request's child, after the catalog call").isEqualTo(1);
        assertThat(rows.get(3).offsetMicros()).isEqualTo(420_000);
        assertThat(rows.get(14).span().name()).isEqualTo("shipment.events process");
        assertThat(rows.get(14).depth()).isEqualTo(12);
        assertThat(rows.get(15).span().service()).isEqualTo("notification-service");
        assertThat(rows.get(15).depth()).as("its parent is not in the trace").isZero();
        assertThat(Waterfall.duration(cannedSpans())).isEqualTo(6_170_000);
    }

    @Test
    void rendersOffsetsDurationsBarsScaledToTheTraceAndIndentedNames() throws Exception {
        List<String> lines = Waterfall.render(cannedSpans()).lines().toList();

        assertThat(lines).hasSize(17);
        assertThat(lines.get(0)).contains("START ms").contains("DURATION").contains("6170.0 ms");
        assertThat(lines.get(1)).isEqualTo(String.format("%10s %10s  |%s|  %s", "0.0", "38.4",
                "=" + " ".repeat(39), "order-service  post /api/orders [server]"));
        assertThat(lines.get(3)).endsWith("|      inventory-service  get /api/catalog/prices [server]");
        // 5200 of 6170 ms: column 33 of 40; 120 ms is under a column, still one '='.
        assertThat(lines.get(13)).contains("|" + " ".repeat(33) + "=" + " ".repeat(6) + "|")
                .contains("5200.0").contains("120.0").contains("shipment-service  shipment.commands process [consumer]");
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("\\p{ASCII}*"));
    }

    @Test
    void barsStayInsideTheirColumns() {
        assertThat(Waterfall.bar(0, 1_000, 1_000)).isEqualTo("=".repeat(40));
        assertThat(Waterfall.bar(1_000, 0, 1_000)).isEqualTo(" ".repeat(39) + "=");
        assertThat(Waterfall.bar(500, 500, 1_000)).isEqualTo(" ".repeat(20) + "=".repeat(20));
        assertThat(Waterfall.render(List.of())).isEmpty();
    }
}
