package io.firedrill.notification.domain;

/** PENDING → SENT, PENDING → FAILED → SENT (a later round succeeds); SENT is final. */
public enum NotificationStatus {
    PENDING,
    SENT,
    FAILED
}
