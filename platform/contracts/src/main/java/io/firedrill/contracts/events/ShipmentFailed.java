package io.firedrill.contracts.events;

import java.util.UUID;

/** The shipment could not be created. */
public record ShipmentFailed(UUID orderId, String reason) implements Event {}
