package io.firedrill.notification.persistence;

/** A conditional write found the document changed by someone else since it was read. */
public class ConcurrentUpdate extends RuntimeException {
    public ConcurrentUpdate(String message) {
        super(message);
    }
}
