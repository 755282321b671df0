package io.firedrill.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.commands.CreateShipment;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.contracts.events.InventoryReserved;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractCodecTest {

    private static final ContractCodec CODEC = ContractCodec.shared();

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
    void recordsCopyTheirListsSoTheyCannotChangeAfterConstruction() {
        List<LineItem> items = new ArrayList<>(Samples.ITEMS);
        ReserveInventory command = new ReserveInventory(Samples.ORDER, items, 900);

        items.clear();

        assertThat(command.items()).hasSize(2);
        assertThatThrownBy(() -> command.items().add(new LineItem("SKU-1", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
