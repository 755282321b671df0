package io.firedrill.order.api;

import java.util.UUID;

/** No order with this id (in the store the request read). */
class OrderNotFoundException extends RuntimeException {

    private final UUID orderId;

    OrderNotFoundException(UUID orderId) {
        super("order " + orderId + " not found");
        this.orderId = orderId;
    }

    UUID orderId() {
        return orderId;
    }
}
