package io.firedrill.contracts.commands;

import java.util.UUID;

/** Turn the reservation into sold stock; inventory refuses when it is no longer ACTIVE (confirm guard). */
public record CommitReservation(UUID orderId, UUID reservationId) implements Command {}
