package io.firedrill.cdcrelay.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firedrill.stack.Endpoints;
import io.firedrill.stack.junit.FiredrillStackExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker gauge against the stack's real broker, and against a port where no broker listens. */
@ExtendWith(FiredrillStackExtension.class)
class BrokerProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Test
    void reportsTheStacksBrokerReachable(Endpoints endpoints) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BrokerProbe probe = new BrokerProbe(endpoints.kafkaBootstrap(), Duration.ofMillis(500), Duration.ofMillis(1500), registry)) {
            await().atMost(TIMEOUT).until(() -> probe.reachable() == 1);
            assertThat(registry.get("firedrill.kafka.broker.reachable").gauge().value()).isEqualTo(1.0);
        }
    }

    @Test
    void reportsABrokerThatIsNotThereUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BrokerProbe probe = new BrokerProbe("127.0.0.1:" + port, Duration.ofMillis(500), Duration.ofMillis(1000), registry)) {
            await().atMost(TIMEOUT).until(() -> probe.reachable() == 0);
            assertThat(registry.get("firedrill.kafka.broker.reachable").gauge().value()).isEqualTo(0.0);
        }
    }
}
