package io.firedrill.order.domain.saga;

/** Every command the checkout saga sends, in forward order, then the compensations (the saga package's CheckoutSaga). */
public enum SagaStep {
    RESERVE_INVENTORY(false),
    AUTHORIZE_PAYMENT(false),
    COMMIT_RESERVATION(false),
    CREATE_SHIPMENT(false),
    RELEASE_RESERVATION(true),
    REFUND_PAYMENT(true);

    private final boolean compensation;

    SagaStep(boolean compensation) {
        this.compensation = compensation;
    }

    public boolean isCompensation() {
        return compensation;
    }
}
