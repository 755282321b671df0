package io.firedrill.contracts.events;

import java.util.UUID;

/** The provider declined, or the authorization failed. */
public record PaymentDeclined(UUID orderId, String reason) implements Event {}
