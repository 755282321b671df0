package io.firedrill.cdcrelay.relay;

import static io.firedrill.cdcrelay.relay.TopicTail.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firedrill.cdcrelay.RelayProperties;
import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.stack.Endpoints;
import io.firedrill.stack.junit.FiredrillStackExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay on the real stack: MariaDB primary binlog → Debezium engine → Kafka. Each test has its own database,
 * topic, relay name, server id and data dir, and reads Kafka with assign + seek, so it ignores everyone else's traffic.
 */
@ExtendWith(FiredrillStackExtension.class)
class OutboxRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @TempDir
    Path dataDir;

    private Endpoints endpoints;
    private OutboxDatabase db;
    private String topic;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final java.util.List<AutoCloseable> cleanup = new java.util.ArrayList<>();

    @BeforeEach
    void setUp(Endpoints endpoints) throws Exception {
        this.endpoints = endpoints;
        db = OutboxDatabase.create(endpoints);
        topic = "relaytest-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + ".events";
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        db.close();
    }

    @Test
    void relaysOutboxInsertToTopicNamedByAggregateType() throws Exception {
        TopicTail tail = tail(topic);
        startRelay(properties());
        String payload = "{\"orderId\":\"o-42\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2}],\"note\":\"café ☕\"}";

        String traced = db.insert(topic, "o-42", "OrderPlaced", payload, TRACEPARENT);
        String untraced = db.insert(topic, "o-42", "OrderCompleted", "{\"orderId\":\"o-42\"}", null);

        List<ConsumerRecord<String, byte[]>> records = await().atMost(TIMEOUT)
                .until(() -> tail.poll(Duration.ofMillis(200)), r -> r.size() >= 2);
        assertThat(records).hasSize(2);
        ConsumerRecord<String, byte[]> first = records.get(0);
        assertThat(first.topic()).isEqualTo(topic);
        assertThat(first.key()).isEqualTo("o-42");
        assertThat(first.value()).isEqualTo(payload.getBytes(StandardCharsets.UTF_8)); // not re-encoded
        assertThat(TopicTail.headers(first)).containsOnlyKeys(MessageHeaderNames.EVENT_ID, MessageHeaderNames.TYPE,
                MessageHeaderNames.TRACEPARENT, MessageHeaderNames.TENANT_REGION, MessageHeaderNames.SCHEMA_VERSION,
                MessageHeaderNames.AGGREGATE_TYPE, MessageHeaderNames.SOURCE_DB, MessageHeaderNames.WRITTEN_AT).contains(
                Map.entry(MessageHeaderNames.EVENT_ID, traced),
                Map.entry(MessageHeaderNames.TYPE, "OrderPlaced"),
                Map.entry(MessageHeaderNames.TRACEPARENT, TRACEPARENT),
                Map.entry(MessageHeaderNames.TENANT_REGION, "eu-west"),
                Map.entry(MessageHeaderNames.SCHEMA_VERSION, "2"),
                Map.entry(MessageHeaderNames.AGGREGATE_TYPE, topic),
                Map.entry(MessageHeaderNames.SOURCE_DB, db.name));
        assertThat(java.time.Instant.parse(TopicTail.headers(first).get(MessageHeaderNames.WRITTEN_AT)))
                .isBetween(java.time.Instant.now().minusSeconds(300), java.time.Instant.now());
        ConsumerRecord<String, byte[]> second = records.get(1);
        assertThat(header(second, MessageHeaderNames.EVENT_ID)).isEqualTo(untraced);
        assertThat(header(second, MessageHeaderNames.TRACEPARENT)).isNull();
        assertThat(registry.get("firedrill.cdc.events.relayed").tag("topic", topic).counter().count()).isEqualTo(2.0);
    }

    @Test
    void insertDeletedInTheSameTransactionIsRelayedExactlyOnce() throws Exception {
        TopicTail tail = tail(topic);
        startRelay(properties());

        String transient1 = db.insertAndDeleteInOneTransaction(topic, "o-7", "ReserveInventory", "{\"n\":1}");
        String kept = db.insert(topic, "o-7", "ReserveInventory", "{\"n\":2}", null);
        db.updateType(kept, "Changed"); // updates are ignored
        String marker = db.insert(topic, "o-7", "Marker", "{\"n\":3}", null);

        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).stream()
                .anyMatch(r -> marker.equals(header(r, MessageHeaderNames.EVENT_ID))));
        assertThat(tail.ids()).containsExactly(transient1, kept, marker);
        assertThat(header(tail.poll(Duration.ZERO).get(1), MessageHeaderNames.TYPE)).isEqualTo("ReserveInventory");
    }

    @Test
    void invalidAggregateTypeGoesToDlqWithReasonAndLaterRowsStillFlow() throws Exception {
        TopicTail dlq = tail(RelayProperties.DEFAULT_DLQ_TOPIC);
        TopicTail tail = tail(topic);
        startRelay(properties());

        String bad = db.insert("Orders!", "o-9", "OrderPlaced", "{\"orderId\":\"o-9\"}", null);
        String good = db.insert(topic, "o-9", "OrderPlaced", "{\"orderId\":\"o-9\"}", null);

        ConsumerRecord<String, byte[]> dead = await().atMost(TIMEOUT)
                .until(() -> dlq.matching(r -> bad.equals(header(r, MessageHeaderNames.EVENT_ID))), r -> !r.isEmpty()).get(0);
        assertThat(header(dead, MessageHeaderNames.DLQ_REASON)).contains("invalid aggregatetype 'Orders!'");
        assertThat(header(dead, MessageHeaderNames.AGGREGATE_TYPE)).isEqualTo("Orders!");
        assertThat(dead.key()).isEqualTo("o-9");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"o-9\"}");
        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 1);
        assertThat(tail.ids()).containsExactly(good);
        assertThat(registry.get("firedrill.cdc.dlq").counter().count()).isEqualTo(1.0);
    }

    @Test
    void gracefulRestartRelaysRowsWrittenWhileStoppedAndReplaysNothing() throws Exception {
        TopicTail tail = tail(topic);
        RelayProperties props = properties();
        OutboxRelay first = startRelay(props);
        String a = db.insert(topic, "o-1", "A", "{\"n\":\"a\"}", null);
        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 1);

        first.stop();
        String b = db.insert(topic, "o-1", "B", "{\"n\":\"b\"}", null);
        String c = db.insert(topic, "o-1", "C", "{\"n\":\"c\"}", null);
        OutboxRelay second = startRelay(props); // same name, server id and data dir: resumes from the offsets file
        String d = db.insert(topic, "o-1", "D", "{\"n\":\"d\"}", null);

        // One partition, one key: a replay of A would arrive before D.
        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).stream().anyMatch(r -> d.equals(header(r, MessageHeaderNames.EVENT_ID))));
        assertThat(tail.ids()).containsExactly(a, b, c, d);
        assertThat(second.status().engineStarts()).isEqualTo(1);
    }

    @Test
    void lagAndHeartbeatAgeGrowWhilePausedAndRecoverOnResume() throws Exception {
        TopicTail tail = tail(topic);
        OutboxRelay relay = startRelay(properties());

        // Idle but healthy: heartbeats keep both signals low.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(gauge("firedrill.cdc.heartbeat.age")).isLessThan(2.0);
            assertThat(gauge("firedrill.cdc.lag")).isLessThan(2.5);
        });

        relay.pause();
        String held = db.insert(topic, "o-3", "Held", "{\"n\":1}", null);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(gauge("firedrill.cdc.heartbeat.age")).isGreaterThan(3.0);
            assertThat(gauge("firedrill.cdc.lag")).isGreaterThan(3.0);
        });
        assertThat(gauge("firedrill.cdc.relay.paused")).isEqualTo(1.0);
        assertThat(tail.poll(Duration.ofMillis(200))).isEmpty();

        relay.resume();
        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 1);
        assertThat(tail.ids()).containsExactly(held);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(gauge("firedrill.cdc.heartbeat.age")).isLessThan(2.0);
            assertThat(gauge("firedrill.cdc.lag")).isLessThan(2.5);
        });
        assertThat(registry.get("firedrill.cdc.relay.latency").timer().count()).isEqualTo(1);
    }

    @Test
    void stopWhilePausedLeavesHeldRowsForTheNextRun() throws Exception {
        TopicTail tail = tail(topic);
        RelayProperties props = properties();
        OutboxRelay first = startRelay(props);
        first.pause();
        String held = db.insert(topic, "o-5", "Held", "{\"n\":1}", null);
        await().atMost(TIMEOUT).until(() -> gauge("firedrill.cdc.heartbeat.age") > 2.0);

        first.stop();
        assertThat(tail.poll(Duration.ofMillis(200))).isEmpty();
        startRelay(props);

        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 1);
        assertThat(tail.ids()).containsExactly(held);
    }

    @Test
    void recoversWhenTheDatabaseKillsTheBinlogConnection() throws Exception {
        // A user of its own, with only the grants the relay needs, so the test kills no one else's binlog stream.
        String user = "relay_" + db.name.substring(db.name.lastIndexOf('_') + 1);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(endpoints.mariadbPrimaryJdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'relay-secret'");
            s.execute("GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR, LOCK TABLES ON *.* TO '" + user + "'@'%'");
        }
        cleanup.add(() -> {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(endpoints.mariadbPrimaryJdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
                 java.sql.Statement s = c.createStatement()) {
                s.execute("DROP USER IF EXISTS '" + user + "'@'%'");
            }
        });
        TopicTail tail = tail(topic);
        startRelay(properties().withDatabase("127.0.0.1", endpoints.mariadbPrimaryPort(), user, "relay-secret"));
        String before = db.insert(topic, "o-8", "Before", "{\"n\":1}", null);
        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 1);

        try (java.sql.Connection c = java.sql.DriverManager.getConnection(endpoints.mariadbPrimaryJdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet dumps = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '" + user
                     + "' AND COMMAND LIKE 'Binlog Dump%'")) {
            List<Long> ids = new java.util.ArrayList<>();
            while (dumps.next()) {
                ids.add(dumps.getLong(1));
            }
            assertThat(ids).isNotEmpty();
            for (long id : ids) {
                s.execute("KILL CONNECTION " + id);
            }
        }
        String after = db.insert(topic, "o-8", "After", "{\"n\":2}", null);

        await().atMost(Duration.ofSeconds(60)).until(() -> tail.poll(Duration.ofMillis(200)).stream()
                .anyMatch(r -> after.equals(header(r, MessageHeaderNames.EVENT_ID))));
        assertThat(tail.ids()).containsExactly(before, after);
        assertThat(registry.get("firedrill.cdc.engine.restarts").counter().count()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void unreachableBrokerHoldsTheStreamWithoutLosingTheRowOrRestartingTheEngine() throws Exception {
        TopicTail tail = tail(topic);
        RelayProperties good = properties();
        // Port 1 refuses connections: every send fails after max.block.ms, like a broker outage.
        RelayProperties down = good.withKafkaBootstrap("127.0.0.1:1").withProducer(Map.of("max.block.ms", "1500"));
        OutboxRelay blocked = startRelay(down);
        String row = db.insert(topic, "o-6", "DuringOutage", "{\"n\":1}", null);

        // Held past the stall timeout (5 s): the watchdog must not mistake a blocked publish for a dead stream.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(gauge("firedrill.cdc.heartbeat.age")).isGreaterThan(11.0);
            assertThat(registry.get("firedrill.cdc.publish.failures").counter().count()).isGreaterThanOrEqualTo(2.0);
        });
        assertThat(registry.get("firedrill.cdc.engine.restarts").counter().count()).isZero();
        blocked.stop();

        startRelay(good); // the broker is back: same offsets, the held row is delivered once
        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 1);
        assertThat(tail.ids()).containsExactly(row);
    }

    @Test
    void watchdogRestartsAStalledEngineBeforeTheDownAlertsTenSecondsAndTheHeldRowsAreRelayed() throws Exception {
        TopicTail tail = tail(topic);
        OutboxRelay relay = startRelay(properties()); // stall timeout: the default, 5 s
        String before = db.insert(topic, "o-11", "Before", "{\"n\":1}", null);
        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 1);

        long stalledAt = System.nanoTime();
        relay.stallEngine();
        String held1 = db.insert(topic, "o-11", "Held1", "{\"n\":2}", null);
        String held2 = db.insert(topic, "o-11", "Held2", "{\"n\":3}", null);

        // Stalled: up and streaming (ready), but nothing is relayed, not even heartbeats, while the binlog goes on.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(gauge("firedrill.cdc.heartbeat.age")).isGreaterThan(3.0));
        assertThat(relay.status().engineStalled()).isTrue();
        assertThat(relay.status().streaming()).isTrue();
        assertThat(gauge("firedrill.cdc.lag")).isGreaterThan(2.5);
        assertThat(tail.poll(Duration.ofMillis(200))).as("nothing relayed since the stall").hasSize(1);

        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 3);
        double recoveredSeconds = (System.nanoTime() - stalledAt) / 1e9;
        assertThat(tail.ids()).containsExactly(before, held1, held2);
        assertThat(relay.status().engineStarts()).isEqualTo(2);
        assertThat(relay.status().engineStalled()).as("the new engine is not stuck").isFalse();
        assertThat(relay.status().lastError()).contains("stalled: no heartbeat or change for");
        assertThat(registry.get("firedrill.cdc.engine.restarts").counter().count()).isEqualTo(1.0);
        // CdcRelayDown pages on a heartbeat older than 10 s: a stall the watchdog heals must end before.
        assertThat(recoveredSeconds).as("stall to rows relayed by the new engine, s").isLessThan(10.0);
        System.out.printf("stalled engine recovered by the watchdog in %.1f s%n", recoveredSeconds);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(gauge("firedrill.cdc.heartbeat.age")).isLessThan(2.0);
            assertThat(gauge("firedrill.cdc.lag")).isLessThan(2.5);
        });
        String after = db.insert(topic, "o-11", "After", "{\"n\":4}", null);
        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 4);
        assertThat(tail.ids()).containsExactly(before, held1, held2, after);
    }

    @Test
    void withTheWatchdogsRestartsOffAStallLastsUntilReleasedAndAPauseIsNeverRestarted() throws Exception {
        TopicTail tail = tail(topic);
        OutboxRelay relay = startRelay(properties());
        relay.stallTimeout(Duration.ZERO);
        relay.stallEngine();
        String held = db.insert(topic, "o-12", "Held", "{\"n\":1}", null);

        // Past the configured stall timeout (5 s) and more: no restart, nothing relayed.
        await().atMost(TIMEOUT).until(() -> gauge("firedrill.cdc.heartbeat.age") > 8.0);
        assertThat(tail.poll(Duration.ofMillis(200))).isEmpty();
        assertThat(relay.status().engineStarts()).isEqualTo(1);
        assertThat(relay.status().engineStalled()).isTrue();

        relay.releaseStall();
        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 1);
        assertThat(tail.ids()).containsExactly(held);
        assertThat(relay.status().engineStarts()).isEqualTo(1);

        // An operator's pause is deliberate: the watchdog (restarts on again) leaves it alone past its timeout.
        relay.resetStallTimeout();
        relay.pause();
        String paused = db.insert(topic, "o-12", "WhilePaused", "{\"n\":2}", null);
        await().atMost(TIMEOUT).until(() -> gauge("firedrill.cdc.heartbeat.age") > 7.0);
        assertThat(relay.status().engineStarts()).isEqualTo(1);
        assertThat(registry.get("firedrill.cdc.engine.restarts").counter().count()).isZero();
        relay.resume();
        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 2);
        assertThat(tail.ids()).containsExactly(held, paused);
    }

    @Test
    void anOperatorRestartReplacesTheEngineAndLosesNothing() throws Exception {
        TopicTail tail = tail(topic);
        OutboxRelay relay = startRelay(properties().withName(properties().name()));
        relay.stallTimeout(Duration.ZERO);
        relay.stallEngine();
        String held = db.insert(topic, "o-13", "Held", "{\"n\":1}", null);
        await().atMost(TIMEOUT).until(() -> gauge("firedrill.cdc.heartbeat.age") > 2.0);

        assertThat(relay.restartEngine("test: operator restart")).isTrue();

        await().atMost(TIMEOUT).until(() -> tail.poll(Duration.ofMillis(200)).size() == 1);
        assertThat(tail.ids()).containsExactly(held);
        assertThat(relay.status().engineStarts()).isEqualTo(2);
        assertThat(relay.status().lastError()).isEqualTo("test: operator restart");
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private RelayProperties properties() {
        String name = "relaytest-" + db.name.substring(db.name.lastIndexOf('_') + 1);
        return RelayProperties.defaults()
                .withName(name)
                .withServerId(100_000 + ThreadLocalRandom.current().nextInt(800_000))
                .withDatabase("127.0.0.1", endpoints.mariadbPrimaryPort(), endpoints.dbUser(), endpoints.dbPassword())
                .withKafkaBootstrap(endpoints.kafkaBootstrap())
                .withDatabases(List.of(db.name))
                .withDataDir(dataDir);
    }

    private OutboxRelay startRelay(RelayProperties props) throws InterruptedException {
        registry.clear();
        OutboxRelay relay = new OutboxRelay(props, registry);
        cleanup.add(relay);
        relay.start();
        assertThat(relay.awaitStreaming(TIMEOUT)).as("relay streaming").isTrue();
        return relay;
    }

    private TopicTail tail(String name) throws Exception {
        TopicTail tail = TopicTail.of(endpoints.kafkaBootstrap(), name);
        cleanup.add(tail);
        return tail;
    }
}
