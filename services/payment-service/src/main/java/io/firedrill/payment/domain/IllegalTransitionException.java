package io.firedrill.payment.domain;

import java.util.UUID;

/** A transition the payment state machine refuses; a bug or a forged command, never retried. */
public class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(UUID paymentId, PaymentStatus from, String transition) {
        super("payment " + paymentId + " cannot " + transition + " from " + from);
    }
}
