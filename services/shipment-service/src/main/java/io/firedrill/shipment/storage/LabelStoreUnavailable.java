package io.firedrill.shipment.storage;

/** The label store could not be reached, timed out or answered with a server error: worth retrying later. */
public class LabelStoreUnavailable extends RuntimeException {
    public LabelStoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
