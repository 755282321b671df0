package io.firedrill.messaging;

import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.ContractValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the messaging library into a service: its tables (own Flyway history), the outbox writer, the
 * dispatcher over the service's {@link MessageHandlers} beans, the DLQ publisher and replayer.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"})
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

    /** The shared tables, migrated with their own history table so they never clash with the service's. */
    @Bean
    MessagingAutoConfiguration.MessagingSchema messagingSchema(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .table("flyway_messaging_history")
                .locations("classpath:db/messaging")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        return new MessagingSchema();
    }

    @Bean
    ContractCodec contractCodec() {
        return ContractCodec.shared();
    }

    @Bean
    ContractValidator contractValidator() {
        return ContractValidator.create();
    }

    @Bean
    TraceContext traceContext(ObjectProvider<OpenTelemetry> openTelemetry) {
        return new TraceContext(openTelemetry.getIfAvailable(OpenTelemetry::noop));
    }

    /** Drafts the service declares as {@link EventDraft} beans; gate from {@code firedrill.messaging.producer-contract-gate}. */
    @Bean
    ProducerVersions producerVersions(ObjectProvider<EventDraft> drafts, ContractValidator validator, MeterRegistry meters,
                                      Environment environment) {
        return new ProducerVersions(drafts.orderedStream().toList(), validator, meters,
                environment.getProperty("firedrill.messaging.producer-contract-gate", Boolean.class, true));
    }

    @Bean
    OutboxWriter outboxWriter(MessagingSchema schema, JdbcTemplate jdbc, ContractCodec codec, TraceContext traceContext,
                              ProducerVersions versions) {
        return new OutboxWriter(jdbc, codec, traceContext, versions);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    RetentionPurger retentionPurger(MessagingSchema schema, JdbcTemplate jdbc, MessagingProperties properties,
                                    MeterRegistry meters) {
        return new RetentionPurger(jdbc, properties.outboxRetention(), properties.processedMessageRetention(),
                java.time.Clock.systemUTC(), meters);
    }

    @Bean(destroyMethod = "close")
    DeadLetterPublisher deadLetterPublisher(MessagingProperties properties, Environment environment, MeterRegistry meters) {
        return new DeadLetterPublisher(properties.kafkaBootstrap(), resolved(properties, environment).consumerName(), meters);
    }

    private static MessagingProperties resolved(MessagingProperties properties, Environment environment) {
        return properties.withDefaultConsumerName(environment.getProperty("spring.application.name"));
    }

    @Bean
    MessageDispatcher messageDispatcher(MessagingSchema schema, ObjectProvider<MessageHandlers> handlers,
                                        ContractValidator validator, ContractCodec codec,
                                        PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
                                        DeadLetterPublisher deadLetters, TraceContext traceContext,
                                        MeterRegistry meters, MessagingProperties properties, Environment environment,
                                        ObjectProvider<DeliveryDedup> dedup) {
        return new MessageDispatcher(MessageHandlers.merge(handlers.orderedStream().toList()), validator, codec,
                new TransactionTemplate(transactionManager), jdbc, deadLetters, traceContext, meters,
                resolved(properties, environment), dedup.getIfAvailable(() -> DeliveryDedup.ON));
    }

    /** Repairs events this service published in one of its drafts (a schema drift) as it replays them. */
    @Bean
    DlqReplayer dlqReplayer(MessagingProperties properties, ProducerVersions versions) {
        return new DlqReplayer(properties.kafkaBootstrap(), versions::restore);
    }

    @Bean
    @ConditionalOnAvailableEndpoint(ProducerEndpoint.class)
    ProducerEndpoint producerEndpoint(ProducerVersions versions) {
        return new ProducerEndpoint(versions);
    }

    @Bean
    @ConditionalOnAvailableEndpoint(DlqEndpoint.class)
    DlqEndpoint dlqEndpoint(DlqReplayer replayer) {
        return new DlqEndpoint(replayer);
    }

    /** Trace context for HTTP requests of servlet services (the checkout API); nested so the servlet API stays optional. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = {"jakarta.servlet.Filter", "org.springframework.web.filter.OncePerRequestFilter"})
    static class HttpTracing {
        @Bean
        TraceparentFilter traceparentFilter() {
            return new TraceparentFilter();
        }
    }

    /**
     * The dispatcher dead-letters poison itself and lets only transient failures escape, expecting the binder to
     * redeliver them. The container's default error handler redelivers 10 times without pause and then logs and
     * SKIPS the record (an S3 outage of ~8 s lost CreateShipment commands). Here redelivery backs off
     * exponentially and never gives up: the partition's order is kept and nothing is lost.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.cloud.stream.config.ListenerContainerCustomizer",
            "org.springframework.kafka.listener.DefaultErrorHandler"})
    static class Redelivery {
        @Bean
        org.springframework.cloud.stream.config.ListenerContainerCustomizer<
                org.springframework.kafka.listener.AbstractMessageListenerContainer<?, ?>> redeliverTransientFailures(
                MessagingProperties properties) {
            return (container, destination, group) -> {
                org.springframework.util.backoff.ExponentialBackOff backOff = new org.springframework.util.backoff.ExponentialBackOff(
                        properties.redeliveryInitialBackoff().toMillis(), 2.0);
                backOff.setMaxInterval(properties.redeliveryMaxBackoff().toMillis());
                container.setCommonErrorHandler(new org.springframework.kafka.listener.DefaultErrorHandler(backOff));
            };
        }
    }

    /** Marker: the messaging tables exist. Beans that touch them depend on it. */
    public static final class MessagingSchema {}
}
