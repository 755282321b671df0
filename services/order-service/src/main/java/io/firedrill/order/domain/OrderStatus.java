package io.firedrill.order.domain;

/** Lifecycle of an order, as customers see it. */
public enum OrderStatus {
    PENDING,
    RESERVED,
    PAID,
    COMPLETED,
    CANCELLED,
    /** A compensation kept failing: money or stock may be held wrongly; an operator must act. */
    COMPENSATION_FAILED;

    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED || this == COMPENSATION_FAILED;
    }
}
