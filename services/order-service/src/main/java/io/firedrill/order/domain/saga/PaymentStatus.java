package io.firedrill.order.domain.saga;

/** What the saga knows about the order's payment, from payment's replies. */
public enum PaymentStatus {
    NONE,
    AUTHORIZED,
    REFUNDED;

    /** Money is held for this order and must be refunded if the order does not complete. */
    public boolean needsRefund() {
        return this == AUTHORIZED;
    }
}
