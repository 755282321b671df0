package io.firedrill.cdcrelay;

import io.firedrill.cdcrelay.admin.EngineRestartCommand;
import io.firedrill.cdcrelay.admin.RelaySettings;
import io.firedrill.cdcrelay.broker.BrokerProbe;
import io.firedrill.cdcrelay.relay.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring glue: the relay follows the application lifecycle and reports to the readiness group. */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

    @Bean(destroyMethod = "close")
    OutboxRelay outboxRelay(RelayProperties properties, MeterRegistry registry, ObjectProvider<OpenTelemetry> openTelemetry) {
        return new OutboxRelay(properties, registry, openTelemetry.getIfAvailable(OpenTelemetry::noop));
    }

    /**
     * firedrill_kafka_broker_reachable, read by KafkaBrokerUnreachable: a describeCluster every 2 s, given 1.5 s to
     * answer, so the gauge turns within 4 s of the broker going away or coming back (the demo profile scrapes every
     * 2 s and pages within 30 s of a fault). One small request every 2 s is what an idle stack pays for it: a consumer
     * of the stack asks the broker every 5 s, and there are about thirty.
     */
    @Bean(destroyMethod = "close")
    BrokerProbe brokerProbe(RelayProperties properties, MeterRegistry registry) {
        return new BrokerProbe(properties.kafkaBootstrap(), Duration.ofSeconds(2), Duration.ofMillis(1500), registry);
    }

    /** Pause/resume, served by firedrill-web on the management port's /admin/settings behind the admin token. */
    @Bean
    RelaySettings relaySettings(OutboxRelay relay) {
        return new RelaySettings(relay);
    }

    /** POST /admin/restart-engine on the management port, behind the admin token. */
    @Bean
    EngineRestartCommand engineRestartCommand(OutboxRelay relay) {
        return new EngineRestartCommand(relay);
    }

    /** Starts the relay once the context is up; stops it (offsets flushed) before the context closes. */
    @Bean
    SmartLifecycle outboxRelayLifecycle(OutboxRelay relay) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                relay.start();
                running = true;
            }

            @Override
            public void stop() {
                relay.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    /** "cdcRelay": DOWN until the engine delivers records; part of the readiness group (see application.yml). */
    @Bean
    HealthIndicator cdcRelayHealthIndicator(OutboxRelay relay) {
        return () -> {
            OutboxRelay.Status status = relay.status();
            Health.Builder health = status.streaming() ? Health.up() : Health.down();
            health.withDetail("state", status.state().name())
                    .withDetail("paused", status.paused())
                    .withDetail("engineStarts", status.engineStarts())
                    .withDetail("lagSeconds", status.lagSeconds())
                    .withDetail("heartbeatAgeSeconds", status.heartbeatAgeSeconds());
            if (status.lastError() != null) {
                health.withDetail("lastError", status.lastError());
            }
            return health.build();
        };
    }
}
