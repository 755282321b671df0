package io.firedrill.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.commands.CreateShipment;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.contracts.events.InventoryReserved;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContractCodecTest {

    private static final ContractCodec CODEC = ContractCodec.shared();
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void writesInstantsAsIso8601Strings() {
        String json = CODEC.toJson(new InventoryReserved(Samples.ORDER, Samples.RESERVATION, Samples.NOW));

        assertThat(json).isEqualTo("{\"orderId\":\"" + Samples.ORDER + "\",\"reservationId\":\"" + Samples.RESERVATION
                + "\",\"expiresAt\":\"2026-11-27T06:25:09.123456Z\"}");
    }

    @Test
    void omitsAbsentOptionalFieldsRatherThanWritingNull() {
        String json = CODEC.toJson(new CreateShipment(Samples.ORDER, Samples.CUSTOMER, Samples.ITEMS, Samples.ADDRESS));

        assertThat(json).doesNotContain("line2").doesNotContain("null");
    }

    @Test
    void decodesAPayloadByItsTypeName() {
        byte[] json = ("{\"orderId\":\"" + Samples.ORDER + "\",\"reservationId\":\"" + Samples.RESERVATION
                + "\",\"expiresAt\":\"2026-11-27T08:25:09+02:00\"}").getBytes();

        Message message = CODEC.fromJson("InventoryReserved", json);

        assertThat(message).isEqualTo(new InventoryReserved(Samples.ORDER, Samples.RESERVATION,
                java.time.Instant.parse("2026-11-27T06:25:09Z")));
    }

    @Test
    void refusesToDecodeAnUnknownTypeNamingIt() {
        assertThatThrownBy(() -> CODEC.fromJson("InventoryTeleported", "{}".getBytes()))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("InventoryTeleported");
    }

    @Test
    void refusesToDecodeAPayloadThatIsNotJson() {
        assertThatThrownBy(() -> CODEC.fromJson("nope", InventoryReserved.class))
                .isInstanceOf(ContractException.class)
                .hasMessageStartingWith("cannot decode InventoryReserved");
    }

    @Test
    void envelopeIsKeyedByOrderIdAndNamesTypeVersionAndAggregate() {
        Envelope envelope = Envelope.wrap(Samples.of(MessageType.RESERVE_INVENTORY), TenantRegion.EU_WEST, null, Samples.NOW);

        assertThat(envelope.type()).isEqualTo("ReserveInventory");
        assertThat(envelope.schemaVersion()).isEqualTo(1);
        assertThat(envelope.aggregateType()).isEqualTo(Aggregate.INVENTORY);
        assertThat(envelope.aggregateId()).isEqualTo(Samples.ORDER.toString());
        assertThat(envelope.topic()).isEqualTo("inventory.commands");
        assertThat(envelope.messageType()).contains(MessageType.RESERVE_INVENTORY);
    }

    @Test
    void envelopeWritesWireNamesForRegionAndAggregateAndNestsThePayload() {
        UUID eventId = UUID.fromString("5b0d4c6e-1f2a-4b3c-8d4e-5f6a7b8c9d0e");
        Envelope envelope = Envelope.wrap(eventId, Samples.of(MessageType.COMMIT_RESERVATION), TenantRegion.AP_SOUTH,
                TRACEPARENT, Samples.NOW);

        assertThat(CODEC.toJson(envelope)).isEqualTo("{\"eventId\":\"" + eventId + "\",\"type\":\"CommitReservation\","
                + "\"schemaVersion\":1,\"occurredAt\":\"2026-11-27T06:25:09.123456Z\",\"aggregateType\":\"inventory\","
                + "\"aggregateId\":\"" + Samples.ORDER + "\",\"tenantRegion\":\"ap-south\",\"traceparent\":\"" + TRACEPARENT
                + "\",\"payload\":{\"orderId\":\"" + Samples.ORDER + "\",\"reservationId\":\"" + Samples.RESERVATION + "\"}}");
    }

    @Test
    void refusesAnEnvelopeOfAVersionThisBuildDoesNotKnow() {
        String json = CODEC.toJson(Envelope.wrap(Samples.of(MessageType.COMMIT_RESERVATION), TenantRegion.US_EAST, null,
                Samples.NOW)).replace("\"schemaVersion\":1", "\"schemaVersion\":2");

        assertThatThrownBy(() -> CODEC.envelopeFromJson(json))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("CommitReservation v2 is unknown to this build");
    }

    @Test
    void recordsCopyTheirListsSoTheyCannotChangeAfterConstruction() {
        List<LineItem> items = new ArrayList<>(Samples.ITEMS);
        ReserveInventory command = new ReserveInventory(Samples.ORDER, items, 900);

        items.clear();

        assertThat(command.items()).hasSize(2);
        assertThatThrownBy(() -> command.items().add(new LineItem("SKU-1", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
