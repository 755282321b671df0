package io.firedrill.order.messaging;

import io.firedrill.contracts.events.InventoryRejected;
import io.firedrill.contracts.events.InventoryReserved;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.PaymentDeclined;
import io.firedrill.contracts.events.PaymentRefunded;
import io.firedrill.contracts.events.ReservationCommitted;
import io.firedrill.contracts.events.ReservationExpired;
import io.firedrill.contracts.events.ReservationReleased;
import io.firedrill.contracts.events.ShipmentCreated;
import io.firedrill.contracts.events.ShipmentFailed;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessageHandlers;
import io.firedrill.order.saga.CheckoutSagaManager;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The participants' replies the saga consumes, as a routing table, and the three bindings
 * ({@code inventoryEvents}, {@code paymentEvents}, {@code shipmentEvents}) that feed them to the shared dispatcher
 * (validation, dedup by event id, retries, DLQ).
 */
@Configuration(proxyBeanMethods = false)
class SagaReplyHandlers {

    @Bean
    MessageHandlers checkoutSagaReplies(CheckoutSagaManager saga) {
        return MessageHandlers.builder()
                // inventory.events
                .on(InventoryReserved.class, saga::onInventoryReserved)
                .on(InventoryRejected.class, saga::onInventoryRejected)
                .on(ReservationCommitted.class, saga::onReservationCommitted)
                .on(ReservationExpired.class, saga::onReservationExpired)
                .on(ReservationReleased.class, saga::onReservationReleased)
                // payment.events
                .on(PaymentAuthorized.class, saga::onPaymentAuthorized)
                .on(PaymentDeclined.class, saga::onPaymentDeclined)
                .on(PaymentRefunded.class, saga::onPaymentRefunded)
                // shipment.events
                .on(ShipmentCreated.class, saga::onShipmentCreated)
                .on(ShipmentFailed.class, saga::onShipmentFailed)
                .build();
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
