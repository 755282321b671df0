package io.firedrill.order.domain;

/** A state machine refused a transition; names the aggregate, its state and what was attempted. */
public class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(String message) {
        super(message);
    }
}
