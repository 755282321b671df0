package io.firedrill.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.order.OrderProperties.ReadConsistency;
import io.firedrill.stack.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The read endpoints read the MariaDB replica: what the replica-lag incident hits. With the replica's SQL thread
 * stopped, a fresh order is invisible in {@code replica} mode and visible in {@code primary} mode.
 */
class ReplicaReadTest extends OrderServiceTestBase {

    @Test
    void readsAnOrderWrittenOnThePrimaryFromTheReplicaOnceItCaughtUp() {
        UUID order = placeOrder();

        await().untilAsserted(() -> assertThat(get("/api/orders/" + order).status()).isEqualTo(200));
        assertThat(get("/api/orders/" + order).json().path("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void replicaModeMissesAFreshOrderWhileReplicationIsStoppedAndPrimaryModeSeesIt(Endpoints endpoints) throws Exception {
        try (Connection replica = DriverManager.getConnection(endpoints.mariadbReplicaJdbcUrl(), endpoints.dbUser(),
                endpoints.dbPassword()); Statement sql = replica.createStatement()) {
            sql.execute("STOP SLAVE SQL_THREAD");
            try {
                UUID order = placeOrder();

                use(ReadConsistency.REPLICA);
                get("/api/orders/" + order).problem(404);

                use(ReadConsistency.PRIMARY);
                assertThat(get("/api/orders/" + order).status()).isEqualTo(200);
            } finally {
                startReplication(sql);
            }
        }
    }

    private void use(ReadConsistency consistency) {
        settings.update(s -> new RuntimeSettings.Snapshot(s.reservationTtlSeconds(), s.reserveDeadline(),
                s.paymentDeadline(), s.commitDeadline(), s.shipmentDeadline(), s.compensationDeadline(),
                s.stepMaxAttempts(), s.compensationMaxAttempts(), s.sweeperInterval(), consistency));
    }

    private static void startReplication(Statement sql) throws SQLException {
        sql.execute("START SLAVE SQL_THREAD");
    }
}
