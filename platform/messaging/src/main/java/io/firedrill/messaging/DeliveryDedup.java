package io.firedrill.messaging;

/**
 * Whether the {@link MessageDispatcher} skips a message this consumer already processed (its event id has a
 * {@code processed_message} row). On unless a service declares a bean of its own: payment-service turns it off at runtime
 * (its {@code dedup} lever) to reproduce what a redelivery does to a consumer without idempotency. Off, the dispatcher still
 * records the row but runs the handler again, and counts that delivery as {@code DUPLICATE_HANDLED}.
 */
@FunctionalInterface
public interface DeliveryDedup {

    /** The default: redeliveries are skipped. */
    DeliveryDedup ON = () -> true;

    boolean active();
}
