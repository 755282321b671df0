package io.firedrill.inventory.messaging;

import io.firedrill.contracts.commands.CommitReservation;
import io.firedrill.contracts.commands.ReleaseReservation;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessageHandlers;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Routing table of {@code inventory.commands} and its binding ({@code inventoryCommands-in-0}). */
@Configuration(proxyBeanMethods = false)
class InventoryMessagingConfiguration {

    @Bean
    MessageHandlers inventoryHandlers(InventoryCommandHandlers handlers) {
        return MessageHandlers.builder()
                .on(ReserveInventory.class, handlers::reserve)
                .on(CommitReservation.class, handlers::commit)
                .on(ReleaseReservation.class, handlers::release)
                .build();
    }

    @Bean
    Consumer<Message<byte[]>> inventoryCommands(MessageDispatcher dispatcher) {
        return dispatcher;
    }
}
