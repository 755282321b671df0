package io.firedrill.contracts.events;

import java.util.UUID;

/** The provider authorized the amount. */
public record PaymentAuthorized(UUID orderId, UUID paymentId, long amountCents) implements Event {}
