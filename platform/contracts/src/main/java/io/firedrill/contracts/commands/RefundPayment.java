package io.firedrill.contracts.commands;

import java.util.UUID;

/** Compensation after the pivot: refund an authorized payment. */
public record RefundPayment(UUID orderId, UUID paymentId, long amountCents, String reason) implements Command {}
