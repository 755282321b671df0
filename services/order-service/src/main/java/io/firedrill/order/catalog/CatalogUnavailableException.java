package io.firedrill.order.catalog;

/** The catalog could not price a line right now: the checkout may be retried (503 with Retry-After). */
public class CatalogUnavailableException extends RuntimeException {
    public CatalogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
