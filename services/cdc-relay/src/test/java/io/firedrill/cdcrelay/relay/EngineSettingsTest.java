package io.firedrill.cdcrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.cdcrelay.RelayProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    @Test
    void capturesOnlyTheOutboxTableOfEveryConfiguredDatabase() {
        Properties p = EngineSettings.debezium(relay()
                .withDatabases(List.of("firedrill_.*", "legacy_orders"))
                .withDataDir(Path.of("/tmp/relay")));

        assertThat(p.getProperty("connector.class")).isEqualTo("io.debezium.connector.mariadb.MariaDbConnector");
        assertThat(p.getProperty("database.include.list")).isEqualTo("firedrill_.*,legacy_orders");
        assertThat(p.getProperty("table.include.list")).isEqualTo("firedrill_.*\\.outbox,legacy_orders\\.outbox");
        assertThat(p.getProperty("snapshot.mode")).isEqualTo("no_data");
        assertThat(p.getProperty("database.ssl.mode")).isEqualTo("disable");
        assertThat(p.getProperty("skipped.operations")).isEqualTo("u,d,t");
        assertThat(p.getProperty("tombstones.on.delete")).isEqualTo("false");
        assertThat(p.getProperty("offset.storage.file.filename")).isEqualTo("/tmp/relay/offsets.dat");
        assertThat(p.getProperty("schema.history.internal.file.filename")).isEqualTo("/tmp/relay/schema-history.dat");
        assertThat(p.getProperty("poll.interval.ms")).isEqualTo("25");
        assertThat(p.getProperty("offset.flush.interval.ms")).isEqualTo("0");
    }

    @Test
    void asksTheServerForBinlogHeartbeatsTwicePerHeartbeatInterval() {
        Properties p = EngineSettings.debezium(relay());

        assertThat(p.getProperty("heartbeat.interval.ms")).isEqualTo("1000");
        // The binlog client's server heartbeat period is 0.8 x this value: 500 ms.
        assertThat(Long.parseLong(p.getProperty("connect.keep.alive.interval.ms")) * 8 / 10).isEqualTo(500);
        assertThat(p.getProperty("connect.keep.alive")).isEqualTo("false");
    }

    @Test
    void producerOverridesCannotWeakenTheDeliveryGuarantee() {
        Properties p = EngineSettings.producer(relay()
                .withProducer(Map.of("acks", "1", "enable.idempotence", "false", "linger.ms", "0")));

        assertThat(p.getProperty("acks")).isEqualTo("all");
        assertThat(p.getProperty("enable.idempotence")).isEqualTo("true");
        assertThat(p.getProperty("linger.ms")).isEqualTo("0");
    }

    @Test
    void refusesAStallTimeoutShorterThanThreeHeartbeats() {
        assertThatThrownBy(() -> new RelayProperties(null, null, null, null, null, null, null, null, null, null, null, null,
                Duration.ofSeconds(5), null, null, null, null, null, null, null, Duration.ofSeconds(10), null, null))
                .hasMessageContaining("stall-timeout");
    }

    @Test
    void acceptsAZeroStallTimeoutAsRestartsOffAndDefaultsBelowTheDownAlertsTenSeconds() {
        RelayProperties off = new RelayProperties(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, Duration.ZERO, null, null);
        assertThat(off.stallTimeout()).isZero();
        assertThat(RelayProperties.defaults().stallTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(RelayProperties.checkStallTimeout(Duration.ofSeconds(3), Duration.ofSeconds(1))).hasSeconds(3);
        assertThatThrownBy(() -> RelayProperties.checkStallTimeout(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 (restarts off)");
        assertThatThrownBy(() -> RelayProperties.checkStallTimeout(Duration.ofMillis(2999), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3 heartbeat intervals (PT3S)");
    }

    /** The endpoints have no defaults (the stack hands them over): any will do for settings that do not connect. */
    private static RelayProperties relay() {
        return RelayProperties.defaults()
                .withDatabase("127.0.0.1", 3306, "firedrill", "firedrill")
                .withKafkaBootstrap("127.0.0.1:9092");
    }
}
