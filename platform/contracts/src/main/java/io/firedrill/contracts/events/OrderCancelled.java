package io.firedrill.contracts.events;

import java.util.UUID;

/** The saga ended with compensation; {@code customerId} lets notification-service address the customer. */
public record OrderCancelled(UUID orderId, UUID customerId, String reason) implements Event {}
