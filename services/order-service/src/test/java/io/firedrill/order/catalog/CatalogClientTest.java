package io.firedrill.order.catalog;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.order.OrderProperties;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

class CatalogClientTest {

    @Test
    void reportsAnUnreachableCatalogAsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OrderProperties properties = new OrderProperties("http://127.0.0.1:" + closedPort,
                new OrderProperties.Catalog(Duration.ofSeconds(30), 100, Duration.ofMillis(500), Duration.ofMillis(500),
                        Duration.ofSeconds(2)),
                new OrderProperties.Replica("jdbc:mysql://x/y", "u", "p", 1, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(500)), OrderProperties.ReadConsistency.REPLICA, 30,
                new OrderProperties.Deadlines(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ofSeconds(1)),
                3, 5, Duration.ofMillis(500), 20, Duration.ofSeconds(1));
        CatalogClient client = new CatalogClient(properties, RestClient.builder(), Clock.systemUTC());

        assertThatThrownBy(() -> client.product("SKU-1")).isInstanceOf(CatalogUnavailableException.class);
    }
}
