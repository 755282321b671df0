package io.firedrill.notification.domain;

import io.firedrill.contracts.events.NotificationSent;

/** Delivery channels; the same names as the contract's {@link NotificationSent.Channel}. */
public enum Channel {
    EMAIL,
    SMS,
    PUSH;

    public NotificationSent.Channel toContract() {
        return NotificationSent.Channel.valueOf(name());
    }
}
