package io.firedrill.contracts;

/** A message could not be encoded or decoded; the message says which type and why. */
public class ContractException extends RuntimeException {

    public ContractException(String message) {
        super(message);
    }

    public ContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
