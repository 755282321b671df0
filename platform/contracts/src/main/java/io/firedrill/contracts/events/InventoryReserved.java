package io.firedrill.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Stock is held until {@code expiresAt}. */
public record InventoryReserved(UUID orderId, UUID reservationId, Instant expiresAt) implements Event {}
