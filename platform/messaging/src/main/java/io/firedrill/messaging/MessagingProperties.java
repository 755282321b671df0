package io.firedrill.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the messaging library ({@code firedrill.messaging.*}); defaults work on the embedded stack.
 *
 * @param consumerName    name under which this service records processed messages (its dedup namespace);
 *                        defaults to {@code spring.application.name}
 * @param kafkaBootstrap  brokers for dead-letter publishing and replay
 * @param maxAttempts     attempts for a transient failure before the record is handed back to the binder
 * @param initialBackoff  first retry delay, doubled per attempt up to {@code maxBackoff}
 * @param outboxRetention how long relayed outbox rows are kept for inspection before the purger deletes them
 * @param processedMessageRetention how long a processed-message row (the dedup record) is kept: at least the retention
 *                        of the topics it consumes, so any redelivery still finds it
 * @param redeliveryInitialBackoff first pause before the binder redelivers a record the dispatcher handed back
 *                        (transient failure out of attempts), doubled per redelivery up to {@code redeliveryMaxBackoff};
 *                        redelivery never gives up, so an outage delays messages but never drops them
 */
@ConfigurationProperties("firedrill.messaging")
public record MessagingProperties(
        String consumerName,
        String kafkaBootstrap,
        @DefaultValue("4") int maxAttempts,
        @DefaultValue("100ms") Duration initialBackoff,
        @DefaultValue("2s") Duration maxBackoff,
        @DefaultValue("1h") Duration outboxRetention,
        @DefaultValue("1s") Duration redeliveryInitialBackoff,
        @DefaultValue("10s") Duration redeliveryMaxBackoff,
        @DefaultValue("7d") Duration processedMessageRetention) {

    /** This configuration with {@code consumerName} defaulted to the application's name. */
    public MessagingProperties withDefaultConsumerName(String applicationName) {
        if (consumerName != null && !consumerName.isBlank()) {
            return this;
        }
        String name = applicationName == null || applicationName.isBlank() ? "firedrill" : applicationName;
        return new MessagingProperties(name, kafkaBootstrap, maxAttempts, initialBackoff, maxBackoff, outboxRetention,
                redeliveryInitialBackoff, redeliveryMaxBackoff, processedMessageRetention);
    }

    public MessagingProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("firedrill.messaging.max-attempts must be >= 1, got " + maxAttempts);
        }
    }
}
