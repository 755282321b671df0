package io.firedrill.payment.domain;

/** Life of a payment: AUTHORIZED → REFUNDED; DECLINED is terminal (nothing was charged). */
public enum PaymentStatus {
    AUTHORIZED,
    DECLINED,
    REFUNDED
}
