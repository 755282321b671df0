package io.firedrill.order.messaging;

import io.firedrill.contracts.events.Event;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessageHandlers;
import io.firedrill.order.saga.Reply;
import io.firedrill.order.saga.SagaReplies;
import io.firedrill.order.saga.SagaTable;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The participants' replies the saga consumes, routed straight from the saga table (every reply row of
 * {@link io.firedrill.order.saga.CheckoutSaga}, nothing else), and the three bindings ({@code inventoryEvents},
 * {@code paymentEvents}, {@code shipmentEvents}) that feed them to the shared dispatcher (validation, dedup by event
 * id, retries, DLQ).
 */
@Configuration(proxyBeanMethods = false)
class SagaReplyHandlers {

    @Bean
    MessageHandlers checkoutSagaReplies(SagaReplies saga) {
        MessageHandlers.Builder handlers = MessageHandlers.builder();
        for (Reply<?> row : SagaTable.replies()) {
            route(handlers, row, saga);
        }
        return handlers.build();
    }

    private static <R extends Event> void route(MessageHandlers.Builder handlers, Reply<R> row, SagaReplies saga) {
        handlers.on(row.type(), (reply, inbound) -> saga.handle(row, reply));
    }

    // Method references, not the dispatcher itself: a bean that *is* the dispatcher would make the dispatcher's type
    // ambiguous for the next binding.
    @Bean
    Consumer<Message<byte[]>> inventoryEvents(MessageDispatcher dispatcher) {
        return dispatcher::accept;
    }

    @Bean
    Consumer<Message<byte[]>> paymentEvents(MessageDispatcher dispatcher) {
        return dispatcher::accept;
    }

    @Bean
    Consumer<Message<byte[]>> shipmentEvents(MessageDispatcher dispatcher) {
        return dispatcher::accept;
    }
}
