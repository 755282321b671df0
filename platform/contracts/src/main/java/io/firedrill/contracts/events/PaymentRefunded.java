package io.firedrill.contracts.events;

import java.util.UUID;

/** An authorized payment was refunded. */
public record PaymentRefunded(UUID orderId, UUID paymentId, long amountCents) implements Event {}
