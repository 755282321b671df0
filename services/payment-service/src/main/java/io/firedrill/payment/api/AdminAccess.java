package io.firedrill.payment.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who may use the admin endpoints of the management port. The extension point for the bearer token a later issue
 * adds: provide a bean of this type (e.g. comparing {@code Authorization: Bearer ...} with a configured secret) and it
 * replaces the default, which lets every caller through; the management port only listens on 127.0.0.1.
 */
@FunctionalInterface
public interface AdminAccess {

    /** Null when {@code request} may proceed, else why not (answered with 401). */
    String deny(HttpServletRequest request);

    /** No authentication (the default until the token lands). */
    static AdminAccess open() {
        return request -> null;
    }
}
