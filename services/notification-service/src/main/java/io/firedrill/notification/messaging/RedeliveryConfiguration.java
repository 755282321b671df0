package io.firedrill.notification.messaging;

import io.firedrill.notification.NotificationProperties;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Stopgap until platform/messaging configures it for every service. The dispatcher dead-letters poison itself and
 * only lets transient failures (MongoDB or MariaDB unavailable) escape, expecting the binder to redeliver them.
 * The container's default error handler does so only 10 times without pause (about 8 s with the dispatcher's own
 * retries) and then logs and SKIPS the record: an outage longer than that would lose the event (seen with
 * shipment-service: "Backoff FixedBackOffExecution[...maxAttempts=9] exhausted"). Here redelivery backs off exponentially
 * and never gives up, which keeps the partition's order and loses nothing.
 */
@Configuration(proxyBeanMethods = false)
class RedeliveryConfiguration {

    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> redeliverTransientFailures(NotificationProperties properties) {
        return (container, destination, group) -> {
            ExponentialBackOff backOff = new ExponentialBackOff(properties.redelivery().initialBackoff().toMillis(), 2.0);
            backOff.setMaxInterval(properties.redelivery().maxBackoff().toMillis());
            container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        };
    }
}
