package io.firedrill.shipment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.ShipmentCreated;
import io.firedrill.contracts.events.ShipmentFailed;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShipmentTest {

    private final UUID orderId = UUID.randomUUID();
    private final Instant at = Instant.parse("2026-03-09T10:15:30Z");

    @Test
    void createdShipmentAnnouncesItsLabelWithADeterministicIdAndKey() {
        Shipment s = Shipment.created(orderId, UUID.randomUUID(), LabelKey.of("labels", at, orderId), "C", TenantRegion.EU_WEST, at);
        assertThat(s.id()).isEqualTo(Shipment.idFor(orderId));
        assertThat(s.labelKey()).isEqualTo("labels/2026/03/" + orderId + ".png");
        assertThat(s.announcement()).isEqualTo(new ShipmentCreated(orderId, s.id(), s.labelKey()));
        assertThat(s.hasLabel()).isTrue();
    }

    @Test
    void failedShipmentAnnouncesItsReasonAndHasNoLabel() {
        Shipment s = Shipment.failed(orderId, UUID.randomUUID(), "x".repeat(600), TenantRegion.US_EAST, at);
        assertThat(s.hasLabel()).isFalse();
        assertThat(((ShipmentFailed) s.announcement()).reason()).hasSize(500);
    }

    @Test
    void refusesInconsistentStates() {
        assertThatThrownBy(() -> Shipment.restore(UUID.randomUUID(), orderId, UUID.randomUUID(), ShipmentStatus.CREATED,
                null, "C", "FD1", null, TenantRegion.EU_WEST, at)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shipment.restore(UUID.randomUUID(), orderId, UUID.randomUUID(), ShipmentStatus.FAILED,
                null, null, null, " ", TenantRegion.EU_WEST, at)).isInstanceOf(IllegalArgumentException.class);
    }
}
