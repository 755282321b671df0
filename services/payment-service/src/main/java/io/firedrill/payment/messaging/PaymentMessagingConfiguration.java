package io.firedrill.payment.messaging;

import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.commands.RefundPayment;
import io.firedrill.messaging.DeliveryDedup;
import io.firedrill.messaging.EventDraft;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessageHandlers;
import io.firedrill.payment.admin.PaymentSettings;
import java.math.BigDecimal;
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

    /**
     * The next PaymentAuthorized as the payment team drafted it: the amount as a decimal string in major units
     * ({@code "12.50"}) under {@code amount}, instead of integer cents under {@code amountCents}. A rename plus a type
     * change: incompatible with v1, and unknown to every consumer's contracts. Off unless switched on through
     * {@code /actuator/producer} (the schema-drift scenario).
     */
    @Bean
    EventDraft paymentAuthorizedV2() {
        return new EventDraft(MessageType.PAYMENT_AUTHORIZED, 2, "amountCents (integer cents) becomes amount (decimal string)",
                payload -> {
                    long cents = payload.path("amountCents").asLong();
                    payload.remove("amountCents");
                    payload.put("amount", BigDecimal.valueOf(cents, 2).toPlainString());
                    return payload;
                },
                payload -> {
                    long cents = new BigDecimal(payload.path("amount").asText()).movePointRight(2).longValueExact();
                    payload.remove("amount");
                    payload.put("amountCents", cents);
                    return payload;
                });
    }

    /** The dispatcher's processed-message check follows the {@code dedup} lever (off: redeliveries are handled again). */
    @Bean
    DeliveryDedup paymentDedup(PaymentSettings settings) {
        return () -> settings.current().dedup();
    }

    @Bean
    Consumer<Message<byte[]>> paymentCommands(MessageDispatcher dispatcher) {
        return dispatcher;
    }
}
