package io.firedrill.contracts.commands;

import java.util.UUID;

/** The saga's pivot: authorize {@code amountCents} in {@code currency} (ISO 4217). */
public record AuthorizePayment(UUID orderId, UUID customerId, long amountCents, String currency, String paymentMethod)
        implements Command {}
