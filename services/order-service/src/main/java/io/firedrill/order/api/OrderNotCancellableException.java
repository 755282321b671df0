package io.firedrill.order.api;

import java.util.UUID;

/** The payment is authorized (or the saga ended): the order can no longer be cancelled (409). */
class OrderNotCancellableException extends RuntimeException {

    private final UUID orderId;

    OrderNotCancellableException(UUID orderId, String situation) {
        super("order " + orderId + " can no longer be cancelled: " + situation);
        this.orderId = orderId;
    }

    UUID orderId() {
        return orderId;
    }
}
