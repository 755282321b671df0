package io.firedrill.notification.delivery;

import io.firedrill.notification.domain.Channel;
import java.util.UUID;

/** Sends one message on one channel (an email gateway, an SMS aggregator, a push service). */
public interface NotificationProvider {

    /** What goes to the customer; {@code notificationId} doubles as the provider's idempotency key. */
    record Message(UUID notificationId, Channel channel, UUID customerId, String subject, String body) {}

    /**
     * Delivers {@code message} or throws.
     *
     * @throws DeliveryFailed when the provider refused, failed or did not answer in time
     */
    void send(Message message) throws DeliveryFailed;

    /** The provider did not take the message; {@code getMessage()} is the reason stored on the notification. */
    class DeliveryFailed extends Exception {
        public DeliveryFailed(String reason) {
            super(reason);
        }
    }
}
