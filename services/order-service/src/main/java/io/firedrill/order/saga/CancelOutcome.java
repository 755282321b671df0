package io.firedrill.order.saga;

import io.firedrill.order.domain.OrderStatus;
import io.firedrill.order.domain.saga.SagaState;
import io.firedrill.order.domain.saga.SagaStep;

/** What a customer's cancel request did. */
public sealed interface CancelOutcome {
    record Accepted(OrderStatus status) implements CancelOutcome {}
    record NotFound() implements CancelOutcome {}
    record Refused(OrderStatus status, SagaState state, SagaStep step) implements CancelOutcome {}
}
