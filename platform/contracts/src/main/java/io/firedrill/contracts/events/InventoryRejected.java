package io.firedrill.contracts.events;

import java.util.UUID;

/** Nothing was reserved. */
public record InventoryRejected(UUID orderId, Reason reason) implements Event {

    public enum Reason {
        OUT_OF_STOCK,
        UNKNOWN_SKU
    }
}
