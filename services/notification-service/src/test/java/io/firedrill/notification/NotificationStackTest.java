package io.firedrill.notification;

import io.firedrill.stack.testing.TcpProxy;
import io.firedrill.stack.StackLayout;
import io.firedrill.stack.junit.FiredrillStackExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every integration test of the module, on the real stack. MongoDB is reached through
 * {@link #MONGO}, a TCP proxy in front of the stack's mongo-java-server, so a test can freeze it; events arrive on
 * fresh topics bound to {@code orderEvents} and {@code shipmentEvents}. Timings are shortened for the tests.
 */
@ExtendWith(FiredrillStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // This stack's endpoints (FIREDRILL_PORT_BASE) and admin token, as `make up` hands them to the services.
        "spring.config.import=optional:file:../../.firedrill/stack.env[.properties]",
        "firedrill.notification.sweep-interval=300ms",
        "firedrill.notification.retry-delay=300ms",
        "firedrill.notification.initial-backoff=20ms",
        "firedrill.notification.lease=5s",
        "firedrill.notification.mongo-timeout=1s",
        "firedrill.notification.breaker.open-for=1s",
        "firedrill.notification.provider.email.latency=2ms",
        "firedrill.notification.provider.sms.latency=2ms",
        "firedrill.notification.provider.push.latency=2ms",
        "firedrill.messaging.redelivery-initial-backoff=50ms",
        "firedrill.messaging.redelivery-max-backoff=300ms",
        "firedrill.messaging.max-attempts=2",
        "firedrill.messaging.initial-backoff=10ms"})
abstract class NotificationStackTest {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String ORDER_TOPIC = "notiftest-" + RUN + ".order-events";
    static final String SHIPMENT_TOPIC = "notiftest-" + RUN + ".shipment-events";
    static final TcpProxy MONGO = proxyToStackMongo();

    private static TcpProxy proxyToStackMongo() {
        try {
            return new TcpProxy("127.0.0.1", StackLayout.defaults().ports().mongodb());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void stackWiring(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + MONGO.port() + "/?serverSelectionTimeoutMS=1000");
        for (String binding : List.of("orderEvents", "shipmentEvents")) {
            String topic = binding.equals("orderEvents") ? ORDER_TOPIC : SHIPMENT_TOPIC;
            registry.add("spring.cloud.stream.bindings." + binding + "-in-0.destination", () -> topic);
            // A fresh group per run: members of a killed earlier run would hold up the first rebalance.
            registry.add("spring.cloud.stream.bindings." + binding + "-in-0.group", () -> "notification-test-" + RUN);
            registry.add("spring.cloud.stream.kafka.bindings." + binding + "-in-0.consumer.start-offset", () -> "earliest");
        }
    }

    @AfterEach
    void mongoBack() {
        MONGO.mode(TcpProxy.Mode.PASS);
    }
}
