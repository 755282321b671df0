package io.firedrill.contracts;

import java.util.UUID;

/**
 * A message of the checkout saga: a {@link io.firedrill.contracts.commands.Command} or an
 * {@link io.firedrill.contracts.events.Event}.
 *
 * <p>Not sealed itself because Java only allows a sealed hierarchy to span packages inside a named
 * module; {@code Command} and {@code Event} are sealed in their own packages instead.
 */
public interface Message {

    /** Every saga message belongs to one order; it is the Kafka key, which keeps a checkout in order. */
    UUID orderId();

    /** Registry entry of this message: wire type name, schema version, topic. */
    default MessageType messageType() {
        return MessageType.of(getClass());
    }
}
