package io.firedrill.inventory.domain;

import java.util.UUID;

/** A transition the reservation state machine refuses; a bug or a forged command, never retried. */
public class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(UUID reservationId, ReservationStatus from, String transition) {
        super("reservation " + reservationId + " cannot " + transition + " from " + from);
    }
}
