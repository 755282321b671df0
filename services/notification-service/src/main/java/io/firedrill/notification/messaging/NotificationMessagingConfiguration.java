package io.firedrill.notification.messaging;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.firedrill.contracts.events.OrderCancelled;
import io.firedrill.contracts.events.OrderCompleted;
import io.firedrill.contracts.events.OrderPlaced;
import io.firedrill.contracts.events.ShipmentCreated;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessageHandlers;
import io.firedrill.messaging.TransientFailure;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Routing table of notification-service and its two bindings: {@code orderEvents-in-0} ← {@code order.events},
 * {@code shipmentEvents-in-0} ← {@code shipment.events}. Both feed the same dispatcher; types without a route here
 * (PaymentAuthorized, ShipmentFailed, ...) are ignored.
 */
@Configuration(proxyBeanMethods = false)
class NotificationMessagingConfiguration {

    @Bean
    MessageHandlers notificationHandlers(NotificationIntake intake) {
        return MessageHandlers.builder()
                .on(OrderPlaced.class, retryOnMongoOutage(intake::orderPlaced))
                .on(OrderCompleted.class, retryOnMongoOutage(intake::orderCompleted))
                .on(OrderCancelled.class, retryOnMongoOutage(intake::orderCancelled))
                .on(ShipmentCreated.class, retryOnMongoOutage(intake::shipmentCreated))
                .build();
    }

    /**
     * MongoDB unreachable or timing out is an outage, not a bad message: retried with backoff and then handed back
     * to the binder, instead of being dead-lettered as poison.
     */
    static <T extends io.firedrill.contracts.Message> MessageHandlers.Handler<T> retryOnMongoOutage(MessageHandlers.Handler<T> handler) {
        return (message, inbound) -> {
            try {
                handler.handle(message, inbound);
            } catch (MongoSocketException | MongoTimeoutException | MongoExecutionTimeoutException e) {
                throw new TransientFailure("MongoDB unavailable: " + e.getMessage(), e);
            }
        };
    }

    @Bean
    Consumer<Message<byte[]>> orderEvents(MessageDispatcher messageDispatcher) {
        return messageDispatcher;
    }

    @Bean
    Consumer<Message<byte[]>> shipmentEvents(MessageDispatcher messageDispatcher) {
        return messageDispatcher;
    }
}
