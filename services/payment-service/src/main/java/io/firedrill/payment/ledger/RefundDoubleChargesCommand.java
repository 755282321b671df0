package io.firedrill.payment.ledger;

import io.firedrill.web.admin.AdminCommand;
import org.springframework.stereotype.Component;

/**
 * {@code POST /admin/refund-double-charges} on the management port (admin token), body {@code {}}: refunds every charge
 * beyond an order's first payment (what a redelivery did to a consumer without dedup) and answers what it refunded and
 * how many orders are still charged twice (0 unless a refund failed). Idempotent.
 */
@Component
class RefundDoubleChargesCommand implements AdminCommand<RefundDoubleChargesCommand.Request> {

    /** No field: the repair takes every double charge there is. */
    record Request() {
    }

    private final DoubleCharges doubleCharges;

    RefundDoubleChargesCommand(DoubleCharges doubleCharges) {
        this.doubleCharges = doubleCharges;
    }

    @Override
    public String name() {
        return "refund-double-charges";
    }

    @Override
    public String summary() {
        return "Refunds every charge beyond an order's first payment (body {}); answers what it refunded.";
    }

    @Override
    public Class<Request> bodyType() {
        return Request.class;
    }

    @Override
    public Object execute(Request request) {
        return doubleCharges.refundExtraCharges();
    }
}
