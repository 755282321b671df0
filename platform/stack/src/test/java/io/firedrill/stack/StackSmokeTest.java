package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.stack.component.Net;
import io.firedrill.stack.junit.FiredrillStackExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Round trips through each real server of the shared stack; each check uses fresh random data. */
@ExtendWith(FiredrillStackExtension.class)
class StackSmokeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void everyComponentReportsHealthy(Stack stack) {
        List<ComponentStatus> rows = stack.status();
        assertThat(rows).extracting(ComponentStatus::component)
                .containsExactlyInAnyOrderElementsOf(stack.componentNames());
        assertThat(rows).allSatisfy(row -> assertThat(row.healthy()).as(row.component() + ": " + row.detail()).isTrue());
    }

    @Test
    void kafkaRecordProducedIsConsumed(Endpoints endpoints) throws Exception {
        assertThat(new Smoke(endpoints, TIMEOUT).kafka()).contains("firedrill.smoke");
    }

    @Test
    void rowWrittenOnPrimaryIsReadOnReplica(Endpoints endpoints) throws Exception {
        assertThat(new Smoke(endpoints, TIMEOUT).mariadb()).contains("visible on replica");
    }

    @Test
    void objectPutIntoS3ComesBackIdentical(Endpoints endpoints) throws Exception {
        assertThat(new Smoke(endpoints, TIMEOUT).s3()).contains(endpoints.s3Bucket());
    }

    @Test
    void documentInsertedIntoMongoIsFound(Endpoints endpoints) {
        assertThat(new Smoke(endpoints, TIMEOUT).mongodb()).contains("found");
    }

    @Test
    void alertTravelsFromPrometheusThroughAlertmanagerToTheSinkAndResolves(Endpoints endpoints) throws Exception {
        assertThat(new Smoke(endpoints, TIMEOUT).alertPath()).contains("fired at sink");
    }

    @Test
    void watchdogAlertReachesTheSink(Endpoints endpoints) {
        ObjectMapper json = new ObjectMapper();
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode rows = json.readTree(Net.get(endpoints.alertSinkUrl() + "/api/alerts?alertname=Watchdog&status=firing").body());
            assertThat(rows.size()).isPositive();
        });
    }

    @Test
    void spanSentToZipkinIsQueryable(Endpoints endpoints) throws Exception {
        assertThat(new Smoke(endpoints, TIMEOUT).zipkin()).contains("stored");
    }

    @Test
    void replicaCatchesUpWithPrimaryAfterABurstOfWrites(Endpoints endpoints) throws Exception {
        int rows = 2_000;
        String gtidOnPrimary;
        try (Connection primary = DriverManager.getConnection(endpoints.mariadbPrimaryJdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
             Statement s = primary.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS firedrill_smoke");
            s.execute("DROP TABLE IF EXISTS firedrill_smoke.burst");
            s.execute("CREATE TABLE firedrill_smoke.burst (id INT PRIMARY KEY, payload VARCHAR(64) NOT NULL)");
            try (PreparedStatement insert = primary.prepareStatement("INSERT INTO firedrill_smoke.burst VALUES (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "row-" + i);
                    insert.executeUpdate();
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
                rs.next();
                gtidOnPrimary = rs.getString(1);
            }
        }
        try (Connection replica = DriverManager.getConnection(endpoints.mariadbReplicaJdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
             Statement s = replica.createStatement()) {
            Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                try (ResultSet rs = s.executeQuery("SELECT @@gtid_slave_pos")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(gtidOnPrimary);
                }
            });
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM firedrill_smoke.burst")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(rows);
                assertThat(rs.getLong(2)).isEqualTo((long) rows * (rows - 1) / 2);
            }
        }
    }
}
