package io.firedrill.order.checkout;

import java.util.UUID;

/** The Idempotency-Key was already used for a different checkout (422). */
public class IdempotencyConflictException extends RuntimeException {

    private final String key;
    private final UUID existingOrderId;

    public IdempotencyConflictException(String key, UUID existingOrderId) {
        super("Idempotency-Key '" + key + "' was already used for order " + existingOrderId + " with a different request");
        this.key = key;
        this.existingOrderId = existingOrderId;
    }

    public String key() {
        return key;
    }

    public UUID existingOrderId() {
        return existingOrderId;
    }
}
