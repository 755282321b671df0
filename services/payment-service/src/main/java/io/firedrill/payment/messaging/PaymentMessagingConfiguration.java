package io.firedrill.payment.messaging;

import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.commands.RefundPayment;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessageHandlers;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Routing table of {@code payment.commands} and its binding ({@code paymentCommands-in-0}). */
@Configuration(proxyBeanMethods = false)
class PaymentMessagingConfiguration {

    @Bean
    MessageHandlers paymentHandlers(PaymentCommandHandlers handlers) {
        return MessageHandlers.builder()
                .on(AuthorizePayment.class, handlers::authorize)
                .on(RefundPayment.class, handlers::refund)
                .build();
    }

    @Bean
    Consumer<Message<byte[]>> paymentCommands(MessageDispatcher dispatcher) {
        return dispatcher;
    }
}
