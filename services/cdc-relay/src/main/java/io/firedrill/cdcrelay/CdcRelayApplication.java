package io.firedrill.cdcrelay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Relays every service's outbox table to Kafka. Run with {@code services/cdc-relay/run.sh}. Its admin lever
 * ({@link io.firedrill.cdcrelay.admin.RelaySettings}) is served by firedrill-web on the management port.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(RelayProperties.class)
@Import(RelayConfiguration.class)
public class CdcRelayApplication {

    public static void main(String[] args) {
        SpringApplication.run(CdcRelayApplication.class, args);
    }
}
