package io.firedrill.order;

import io.firedrill.order.admin.OrderSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.order.OrderProperties.ReadConsistency;
import io.firedrill.stack.Endpoints;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The read endpoints read the MariaDB replica: what the replica-lag incident hits. With the replica's SQL thread
 * stopped, a fresh order is invisible in {@code replica} mode and visible in {@code primary} and {@code bounded} mode;
 * the heartbeat lag gauges show it.
 */
class ReplicaReadTest extends OrderServiceTestBase {

    @Autowired MeterRegistry meters;

    @Test
    void readsAnOrderWrittenOnThePrimaryFromTheReplicaOnceItCaughtUp() {
        UUID order = placeOrder();

        await().untilAsserted(() -> assertThat(get("/api/orders/" + order).status()).isEqualTo(200));
        Response pending = get("/api/orders/" + order);
        assertThat(pending.json().path("status").asText()).isEqualTo("PENDING");
        // Not final: the read says when to look again (the saga's next deadline, 1-5 s) rather than posing as the outcome.
        assertThat(pending.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 5));
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

    @Test
    void replicaLagGaugeRisesWhileTheSqlThreadIsStoppedAndFallsBackAfterItStarts(Endpoints endpoints) throws Exception {
        await().untilAsserted(() -> {
            assertThat(gauge("firedrill_replica_lag_seconds")).isLessThan(2.0);
            assertThat(gauge("firedrill_replica_sql_running")).isEqualTo(1.0);
            assertThat(gauge("firedrill_replica_io_running")).isEqualTo(1.0);
        });
        try (Connection replica = replicaConnection(endpoints); Statement sql = replica.createStatement()) {
            sql.execute("STOP SLAVE SQL_THREAD");
            try {
                await().untilAsserted(() -> {
                    assertThat(gauge("firedrill_replica_lag_seconds")).isGreaterThan(4.0);
                    assertThat(gauge("firedrill_replica_sql_running")).isEqualTo(0.0);
                    assertThat(gauge("firedrill_replica_io_running")).isEqualTo(1.0);
                });
                // What Prometheus scrapes: the same names on the management port.
                assertThat(get(managementUrl() + "/actuator/prometheus").body())
                        .contains("firedrill_replica_lag_seconds{").contains("firedrill_replica_sql_running{");
            } finally {
                startReplication(sql);
            }
            await().untilAsserted(() -> {
                assertThat(gauge("firedrill_replica_lag_seconds")).isLessThan(2.0);
                assertThat(gauge("firedrill_replica_sql_running")).isEqualTo(1.0);
            });
        }
    }

    @Test
    void boundedModeReadsAFreshOrderFromThePrimaryWhileReplicationIsStopped(Endpoints endpoints) throws Exception {
        use(ReadConsistency.BOUNDED);
        try (Connection replica = replicaConnection(endpoints); Statement sql = replica.createStatement()) {
            sql.execute("STOP SLAVE SQL_THREAD");
            try {
                Response placed = post("/api/orders", checkout(UUID.randomUUID(), newSku(1250), 1));
                assertThat(placed.status()).isEqualTo(202);
                UUID order = UUID.fromString(placed.json().path("orderId").asText());
                String position = placed.headers().firstValue("Read-After-Gtid").orElseThrow();

                // With the client's write position: the replica never reaches it, the read falls back at once or after
                // the GTID wait, and is fresh.
                Response withPosition = getWith("/api/orders/" + order, "Read-After-Gtid", position);
                assertThat(withPosition.status()).as(withPosition.body()).isEqualTo(200);
                assertThat(withPosition.headers().firstValue("Read-Source")).hasValue("primary");

                // Without it, once the heartbeat shows the lag over the bound, reads leave the replica too.
                await().untilAsserted(() -> {
                    Response plain = get("/api/orders/" + order);
                    assertThat(plain.status()).isEqualTo(200);
                    assertThat(plain.headers().firstValue("Read-Source")).hasValue("primary");
                });

                use(ReadConsistency.REPLICA);
                get("/api/orders/" + order).problem(404);
            } finally {
                startReplication(sql);
            }
        }
    }

    @Test
    void boundedModeReadsTheReplicaOnceItAppliedTheClientsWrite() {
        use(ReadConsistency.BOUNDED);
        await().until(() -> gauge("firedrill_replica_lag_seconds") < 2.0);
        Response placed = post("/api/orders", checkout(UUID.randomUUID(), newSku(1250), 1));
        assertThat(placed.status()).isEqualTo(202);
        UUID order = UUID.fromString(placed.json().path("orderId").asText());

        Response read = getWith("/api/orders/" + order, "Read-After-Gtid", placed.headers().firstValue("Read-After-Gtid").orElseThrow());

        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.headers().firstValue("Read-Source")).hasValue("replica");
        assertThat(meters.counter("firedrill_order_reads_total", "source", "replica", "reason", "gtid-reached").count()).isPositive();
    }

    @Test
    void aMalformedReadAfterGtidIsABadRequest() {
        getWith("/api/orders/" + UUID.randomUUID(), "Read-After-Gtid", "0-1-x; DROP TABLE orders").problem(400);
    }

    private Response getWith(String path, String header, String value) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header(header, value).GET());
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static Connection replicaConnection(Endpoints endpoints) throws SQLException {
        return DriverManager.getConnection(endpoints.mariadbReplicaJdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
    }

    private void use(ReadConsistency consistency) {
        settings.update(s -> new OrderSettings.Snapshot(s.reservationTtlSeconds(), s.reserveDeadline(),
                s.paymentDeadline(), s.commitDeadline(), s.shipmentDeadline(), s.compensationDeadline(),
                s.stepMaxAttempts(), s.compensationMaxAttempts(), s.compensationRetryFor(), s.sweeperInterval(), consistency, s.maxSagasInFlight(), s.admissionLatencyTarget()));
    }

    private static void startReplication(Statement sql) throws SQLException {
        sql.execute("START SLAVE SQL_THREAD");
    }
}
