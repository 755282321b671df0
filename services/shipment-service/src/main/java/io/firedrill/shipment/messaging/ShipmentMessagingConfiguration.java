package io.firedrill.shipment.messaging;

import io.firedrill.contracts.commands.CreateShipment;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessageHandlers;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Routing table of shipment-service and its binding ({@code shipmentCommands-in-0} → {@code shipment.commands}). */
@Configuration(proxyBeanMethods = false)
class ShipmentMessagingConfiguration {

    @Bean
    MessageHandlers shipmentHandlers(CreateShipmentHandler createShipment) {
        return MessageHandlers.builder()
                .on(CreateShipment.class, createShipment::handle)
                .build();
    }

    @Bean
    Consumer<Message<byte[]>> shipmentCommands(MessageDispatcher dispatcher) {
        return dispatcher;
    }
}
