package io.firedrill.contracts.events;

import java.util.UUID;

/** The saga finished successfully; {@code customerId} lets notification-service address the customer. */
public record OrderCompleted(UUID orderId, UUID customerId) implements Event {}
