package io.firedrill.shipment.api;

import java.util.UUID;

/** No shipment, or no label, for the order; always names the order. */
class ShipmentNotFound extends RuntimeException {
    private final UUID orderId;

    ShipmentNotFound(UUID orderId, String message) {
        super(message);
        this.orderId = orderId;
    }

    UUID orderId() {
        return orderId;
    }
}
