package io.firedrill.cdcrelay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Relays every service's outbox table to Kafka. Run with {@code services/cdc-relay/run.sh}. */
@SpringBootApplication
@EnableConfigurationProperties(RelayProperties.class)
public class CdcRelayApplication {

    public static void main(String[] args) {
        SpringApplication.run(CdcRelayApplication.class, args);
    }
}
