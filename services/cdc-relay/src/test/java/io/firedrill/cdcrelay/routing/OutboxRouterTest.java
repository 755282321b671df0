package io.firedrill.cdcrelay.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.MessageHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The routing rule on hand-built Debezium envelopes shaped like the MariaDB connector's. */
class OutboxRouterTest {

    private static final Schema ROW = SchemaBuilder.struct().name("relaytest.firedrill_order.outbox.Value")
            .field("id", Schema.STRING_SCHEMA)
            .field("aggregatetype", Schema.OPTIONAL_STRING_SCHEMA)
            .field("aggregateid", Schema.OPTIONAL_STRING_SCHEMA)
            .field("type", Schema.OPTIONAL_STRING_SCHEMA)
            .field("payload", Schema.OPTIONAL_STRING_SCHEMA)
            .field("tracingspancontext", Schema.OPTIONAL_STRING_SCHEMA)
            .field("tenant_region", Schema.OPTIONAL_STRING_SCHEMA)
            .field("schema_version", Schema.OPTIONAL_INT32_SCHEMA)
            .field("created_at", Schema.OPTIONAL_STRING_SCHEMA)
            .optional()
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.mariadb.Source")
            .field("db", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("relaytest.firedrill_order.outbox.Envelope")
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private static final String PAYLOAD = "{\"orderId\":\"o-1\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2}],\"note\":\"café ☕\"}";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final OutboxRouter router = new OutboxRouter("cdc-relay.dlq", 1_000);

    @Test
    void routesInsertToTopicNamedByAggregateTypeKeyedByAggregateId() {
        OutboundRecord out = router.route(record("c", row("inventory.commands", "o-1", PAYLOAD, TRACEPARENT))).orElseThrow();

        assertThat(out.topic()).isEqualTo("inventory.commands");
        assertThat(out.key()).isEqualTo("o-1");
        assertThat(out.deadLetter()).isFalse();
        assertThat(out.headers()).containsExactly(
                Map.entry(MessageHeaderNames.EVENT_ID, "e-1"),
                Map.entry(MessageHeaderNames.TYPE, "ReserveInventory"),
                Map.entry(MessageHeaderNames.TRACEPARENT, TRACEPARENT),
                Map.entry(MessageHeaderNames.TENANT_REGION, "eu-west"),
                Map.entry(MessageHeaderNames.SCHEMA_VERSION, "3"),
                Map.entry(MessageHeaderNames.AGGREGATE_TYPE, "inventory.commands"),
                Map.entry(MessageHeaderNames.SOURCE_DB, "firedrill_order"),
                Map.entry("written_at", "2026-01-02T03:04:05.123456Z"));
    }

    @Test
    void sendsPayloadUtf8BytesUnchangedWithoutReencodingTheJson() {
        OutboundRecord out = router.route(record("c", row("order.events", "o-1", PAYLOAD, null))).orElseThrow();

        assertThat(out.value()).isEqualTo(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(out.value(), StandardCharsets.UTF_8)).startsWith("{\"orderId\"");
    }

    @Test
    void omitsTraceparentHeaderWhenRowHasNone() {
        OutboundRecord out = router.route(record("c", row("order.events", "o-1", PAYLOAD, null))).orElseThrow();

        assertThat(out.headers()).doesNotContainKey(MessageHeaderNames.TRACEPARENT).containsKey(MessageHeaderNames.EVENT_ID);
    }

    @Test
    void ignoresUpdatesDeletesAndTombstones() {
        Struct row = row("order.events", "o-1", PAYLOAD, null);
        assertThat(router.route(record("u", row))).isEmpty();
        assertThat(router.route(record("d", row))).isEmpty();
        assertThat(router.route(new SourceRecord(Map.of(), Map.of(), "t", null, null, null, null))).isEmpty();
    }

    @Test
    void sendsInvalidAggregateTypeToDlqWithReason() {
        OutboundRecord out = router.route(record("c", row("Orders!", "o-1", PAYLOAD, null))).orElseThrow();

        assertThat(out.topic()).isEqualTo("cdc-relay.dlq");
        assertThat(out.key()).isEqualTo("o-1");
        assertThat(out.value()).isEqualTo(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        assertThat(out.dlqReason()).contains("invalid aggregatetype 'Orders!'");
        assertThat(out.headers()).containsEntry(MessageHeaderNames.DLQ_REASON, out.dlqReason())
                .containsEntry(MessageHeaderNames.AGGREGATE_TYPE, "Orders!")
                .containsEntry(MessageHeaderNames.EVENT_ID, "e-1");
    }

    @Test
    void rejectsTopicsThatAreNotCommandsOrEvents() {
        for (String bad : new String[] {"order.stuff", "order", ".events", "1order.events", "order.events.dlq", "or der.events"}) {
            assertThat(router.route(record("c", row(bad, "o-1", PAYLOAD, null))).orElseThrow().deadLetter()).as(bad).isTrue();
        }
        for (String good : new String[] {"order.events", "inventory.commands", "order-v2.events", "a1.events"}) {
            assertThat(router.route(record("c", row(good, "o-1", PAYLOAD, null))).orElseThrow().deadLetter()).as(good).isFalse();
        }
    }

    @Test
    void sendsRowWithoutAggregateIdOrPayloadToDlq() {
        assertThat(router.route(record("c", row("order.events", null, PAYLOAD, null))).orElseThrow().dlqReason())
                .isEqualTo("missing aggregateid");
        assertThat(router.route(record("c", row("order.events", "o-1", null, null))).orElseThrow().dlqReason())
                .isEqualTo("missing payload");
    }

    @Test
    void sendsOversizedPayloadToDlqWithoutItsValue() {
        String big = "{\"blob\":\"" + "x".repeat(2_000) + "\"}";
        OutboundRecord out = router.route(record("c", row("order.events", "o-1", big, null))).orElseThrow();

        assertThat(out.topic()).isEqualTo("cdc-relay.dlq");
        assertThat(out.value()).isNull();
        assertThat(out.dlqReason()).contains("exceeds the relay limit of 1000 bytes");
    }

    @Test
    void writtenAtPrefersMicrosecondCreatedAtOverTheBinlogSecond() {
        OutboundRecord out = router.route(record("c", row("order.events", "o-1", PAYLOAD, null))).orElseThrow();

        assertThat(out.sourceTime()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(out.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
        assertThat(out.writtenAt()).isEqualTo(out.createdAt());
    }

    @Test
    void readsPayloadGivenAsBytes() {
        OutboxRow row = new OutboxRow("e-1", "order.events", "o-1", "OrderCompleted", PAYLOAD.getBytes(StandardCharsets.UTF_8),
                null, "eu-west", "1", null, "firedrill_order", null);

        assertThat(router.route(row).value()).isEqualTo(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        assertThat(OutboxRouter.rejection(row)).isNull();
    }

    private static Struct row(String aggregateType, String aggregateId, String payload, String traceparent) {
        return new Struct(ROW)
                .put("id", "e-1")
                .put("aggregatetype", aggregateType)
                .put("aggregateid", aggregateId)
                .put("type", "ReserveInventory")
                .put("payload", payload)
                .put("tracingspancontext", traceparent)
                .put("tenant_region", "eu-west")
                .put("schema_version", 3)
                .put("created_at", "2026-01-02T03:04:05.123456Z");
    }

    private static SourceRecord record(String op, Struct row) {
        Struct envelope = new Struct(ENVELOPE)
                .put("op", op)
                .put("source", new Struct(SOURCE).put("db", "firedrill_order").put("ts_ms", 1_767_323_045_000L));
        if ("d".equals(op)) {
            envelope.put("before", row);
        }
        else {
            envelope.put("after", row);
        }
        return new SourceRecord(Map.of("server", "relaytest"), Map.of("pos", 4L), "relaytest.firedrill_order.outbox",
                null, null, null, ENVELOPE, envelope);
    }
}
