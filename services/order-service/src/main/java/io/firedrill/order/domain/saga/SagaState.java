package io.firedrill.order.domain.saga;

/** Phase of a checkout saga; {@link SagaStep} says which step inside the phase. */
public enum SagaState {
    /** Forward steps: waiting for the reply of the current step's command. */
    RUNNING,
    /** Undoing: waiting for the acknowledgement of the current compensation command. */
    COMPENSATING,
    COMPLETED,
    CANCELLED,
    /** A compensation was not acknowledged after all its attempts; visible in the API and counted, never silent. */
    COMPENSATION_FAILED;

    public boolean inFlight() {
        return this == RUNNING || this == COMPENSATING;
    }
}
