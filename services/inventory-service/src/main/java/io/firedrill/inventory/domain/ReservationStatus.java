package io.firedrill.inventory.domain;

/** Life of a reservation. REJECTED records a refused ReserveInventory so a redelivery gets the same answer. */
public enum ReservationStatus {
    ACTIVE,
    COMMITTED,
    RELEASED,
    EXPIRED,
    REJECTED;

    /** The units are no longer held by this reservation: they went back to available. */
    public boolean unitsReturned() {
        return this == RELEASED || this == EXPIRED;
    }
}
