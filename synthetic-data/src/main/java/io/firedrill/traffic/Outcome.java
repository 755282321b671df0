package io.firedrill.traffic;

import java.util.Locale;

/** How an operation ended. Business declines are answers, not errors; dropped requests were never sent. */
public enum Outcome {
    OK(false),
    /** Payment declined, out of stock, order no longer cancellable: the system said no, correctly. */
    BUSINESS_DECLINE(false),
    CLIENT_ERROR(true),
    SERVER_ERROR(true),
    TIMEOUT(true),
    CONNECTION_ERROR(true),
    /** The saga ended in COMPENSATION_FAILED or was cancelled for a reason that is not a business decision. */
    SAGA_FAILED(true),
    /** Not sent: the in-flight bound was reached when it was due. */
    DROPPED(false);

    private final boolean error;

    Outcome(boolean error) { this.error = error; }

    public boolean error() { return error; }

    public String key() { return name().toLowerCase(Locale.ROOT); }
}
