package io.firedrill.contracts.commands;

import java.util.UUID;

/** Compensation: give the reserved stock back. */
public record ReleaseReservation(UUID orderId, UUID reservationId, String reason) implements Command {}
