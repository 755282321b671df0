package io.firedrill.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The TTL elapsed (reaper) or a commit came too late (confirm guard); the stock is free again. */
public record ReservationExpired(UUID orderId, UUID reservationId, Instant expiredAt) implements Event {}
