package io.firedrill.shipment;

import io.firedrill.stack.testing.TcpProxy;
import io.firedrill.stack.Endpoints;
import io.firedrill.stack.StackLayout;
import io.firedrill.stack.junit.FiredrillStackExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every integration test of the module (Spring caches it: same configuration), on
 * the real stack. The label store is reached through {@link #S3}, a TCP proxy in front of the stack's S3Proxy, so
 * a test can take S3 down or make it hang; commands arrive on a fresh topic bound to {@code shipmentCommands}.
 */
@ExtendWith(FiredrillStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // This stack's endpoints (FIREDRILL_PORT_BASE) and admin token, as `make up` hands them to the services.
        "spring.config.import=optional:file:../../.firedrill/stack.env[.properties]",
        "firedrill.messaging.max-attempts=3",
        "firedrill.messaging.initial-backoff=10ms",
        "firedrill.shipment.upload-timeout=3s",
        "firedrill.messaging.redelivery-initial-backoff=50ms",
        "firedrill.messaging.redelivery-max-backoff=200ms"})
abstract class ShipmentStackTest {

    static final String TOPIC = "shiptest-" + UUID.randomUUID().toString().substring(0, 8) + ".commands";
    static final TcpProxy S3 = proxyToStackS3();

    private static TcpProxy proxyToStackS3() {
        URI s3 = URI.create(Endpoints.of(StackLayout.defaults().ports()).s3Endpoint());
        try {
            return new TcpProxy(s3.getHost(), s3.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void stackWiring(DynamicPropertyRegistry registry) {
        registry.add("firedrill.shipment.s3.endpoint", () -> "http://127.0.0.1:" + S3.port());
        registry.add("spring.cloud.stream.bindings.shipmentCommands-in-0.destination", () -> TOPIC);
        // A fresh group per run: members of a killed earlier run would hold up the first rebalance.
        registry.add("spring.cloud.stream.bindings.shipmentCommands-in-0.group", () -> "shipment-test-" + TOPIC);
        registry.add("spring.cloud.stream.kafka.bindings.shipmentCommands-in-0.consumer.start-offset", () -> "earliest");
    }

    @AfterEach
    void s3Back() {
        S3.mode(TcpProxy.Mode.PASS);
    }
}
