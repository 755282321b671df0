package io.firedrill.contracts.events;

import java.util.UUID;

/** A notification was delivered on {@code channel}. */
public record NotificationSent(UUID notificationId, UUID orderId, Channel channel) implements Event {

    public enum Channel {
        EMAIL,
        SMS,
        PUSH
    }
}
