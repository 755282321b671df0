package io.firedrill.order.domain.saga;

/** What the saga knows about the order's stock reservation, from inventory's replies. */
public enum ReservationStatus {
    NONE,
    HELD,
    COMMITTED,
    EXPIRED,
    RELEASED;

    /** Stock is held or sold for this order and must be given back if the order does not complete. */
    public boolean needsRelease() {
        return this == HELD || this == COMMITTED;
    }
}
