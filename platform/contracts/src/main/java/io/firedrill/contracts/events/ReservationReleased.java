package io.firedrill.contracts.events;

import java.util.UUID;

/** Reserved stock was given back after a compensation. */
public record ReservationReleased(UUID orderId, UUID reservationId) implements Event {}
