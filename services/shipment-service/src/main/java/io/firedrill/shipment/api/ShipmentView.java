package io.firedrill.shipment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.firedrill.shipment.domain.Shipment;
import java.time.Instant;
import java.util.UUID;

/** {@code GET /api/shipments/{orderId}} body. {@code labelUrl} is relative to this service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ShipmentView(UUID shipmentId, UUID orderId, UUID customerId, String status, String carrier, String trackingNumber,
                    String labelKey, String labelUrl, String failureReason, String tenantRegion, Instant createdAt) {

    static ShipmentView of(Shipment s) {
        return new ShipmentView(s.id(), s.orderId(), s.customerId(), s.status().name(), s.carrier(), s.trackingNumber(),
                s.labelKey(), s.hasLabel() ? "/api/shipments/" + s.orderId() + "/label" : null, s.failureReason(),
                s.tenantRegion().id(), s.createdAt());
    }
}
