package io.firedrill.messaging;

import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A service's routing table from message record to handler, declared as a bean:
 * <pre>{@code
 * @Bean MessageHandlers inventoryHandlers(Reservations r) {
 *     return MessageHandlers.builder()
 *             .on(ReserveInventory.class, r::reserve)
 *             .on(CommitReservation.class, r::commit)
 *             .build();
 * }
 * }</pre>
 * A type routed twice is a start-up error; a registered type without a handler here is ignored by this
 * service (other consumers of the topic may want it); a type unknown to the contracts goes to the DLQ.
 */
public final class MessageHandlers {

    /** Handles one message inside the consumer's transaction; throwing rolls back its effects. */
    @FunctionalInterface
    public interface Handler<T extends Message> {
        void handle(T message, Inbound inbound) throws Exception;
    }

    private final Map<MessageType, Handler<? extends Message>> routes;

    private MessageHandlers(Map<MessageType, Handler<? extends Message>> routes) {
        this.routes = Collections.unmodifiableMap(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<MessageType, Handler<? extends Message>> routes() {
        return routes;
    }

    @SuppressWarnings("unchecked")
    Optional<Handler<Message>> handlerFor(MessageType type) {
        return Optional.ofNullable((Handler<Message>) routes.get(type));
    }

    static MessageHandlers merge(Iterable<MessageHandlers> all) {
        Map<MessageType, Handler<? extends Message>> merged = new LinkedHashMap<>();
        for (MessageHandlers handlers : all) {
            handlers.routes.forEach((type, handler) -> {
                if (merged.putIfAbsent(type, handler) != null) {
                    throw new IllegalStateException(type.typeName() + " has two handlers in this service");
                }
            });
        }
        return new MessageHandlers(merged);
    }

    public static final class Builder {
        private final Map<MessageType, Handler<? extends Message>> routes = new LinkedHashMap<>();

        public <T extends Message> Builder on(Class<T> messageClass, Handler<T> handler) {
            MessageType type = MessageType.of(messageClass);
            if (routes.putIfAbsent(type, handler) != null) {
                throw new IllegalStateException(type.typeName() + " is routed twice");
            }
            return this;
        }

        public MessageHandlers build() {
            return new MessageHandlers(new LinkedHashMap<>(routes));
        }
    }
}
