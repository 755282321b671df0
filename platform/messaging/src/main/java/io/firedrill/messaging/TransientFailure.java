package io.firedrill.messaging;

/**
 * Thrown by a handler for a failure worth retrying (a provider timeout, a lock wait): the dispatcher retries
 * it with backoff and, when attempts run out, hands the record back to the binder instead of dead-lettering.
 */
public class TransientFailure extends RuntimeException {
    public TransientFailure(String message) { super(message); }
    public TransientFailure(String message, Throwable cause) { super(message, cause); }
}
