package io.firedrill.contracts.events;

import java.util.UUID;

/** Reserved stock became sold stock. */
public record ReservationCommitted(UUID orderId, UUID reservationId) implements Event {}
