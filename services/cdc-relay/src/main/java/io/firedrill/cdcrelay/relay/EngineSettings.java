package io.firedrill.cdcrelay.relay;

import io.firedrill.cdcrelay.RelayProperties;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Turns {@link RelayProperties} into the Debezium engine and Kafka producer configurations. */
final class EngineSettings {

    static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";

    private EngineSettings() {
    }

    static Properties debezium(RelayProperties p) {
        Properties props = new Properties();
        props.setProperty("name", p.name());
        props.setProperty("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        props.setProperty("topic.prefix", topicPrefix(p.name()));

        props.setProperty("database.hostname", p.databaseHost());
        props.setProperty("database.port", Integer.toString(p.databasePort()));
        props.setProperty("database.user", p.databaseUser());
        props.setProperty("database.password", p.databasePassword());
        props.setProperty("database.server.id", Long.toString(p.serverId()));
        props.setProperty("database.ssl.mode", "disable");

        // Every database matching a pattern, and in it only the outbox table.
        props.setProperty("database.include.list", String.join(",", p.databases()));
        props.setProperty("table.include.list", p.databases().stream()
                .map(db -> db + "\\." + p.outboxTable().replace(".", "\\."))
                .collect(Collectors.joining(",")));

        // Start at the current binlog position on the very first run; later runs resume from the offsets file.
        props.setProperty("snapshot.mode", "no_data");
        // Same file format as Connect's FileOffsetBackingStore, but written by rename: kill -9 cannot tear it.
        props.setProperty("offset.storage", AtomicFileOffsetBackingStore.class.getName());
        props.setProperty("offset.storage.file.filename", p.offsetsFile().toString());
        props.setProperty("offset.flush.interval.ms", Long.toString(p.offsetFlushInterval().toMillis()));
        props.setProperty("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
        props.setProperty("schema.history.internal.file.filename", p.schemaHistoryFile().toString());
        // The primary is shared by every service: keep only the outbox tables' DDL in the history.
        props.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        props.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
        props.setProperty("include.schema.changes", "false");

        // The outbox is insert-only for the relay: writers may delete the row in the same transaction.
        props.setProperty("skipped.operations", "u,d,t");
        props.setProperty("tombstones.on.delete", "false");

        props.setProperty("poll.interval.ms", Long.toString(p.pollInterval().toMillis()));
        props.setProperty("max.batch.size", Integer.toString(p.maxBatchSize()));
        props.setProperty("max.queue.size", Integer.toString(p.maxQueueSize()));
        props.setProperty("record.processing.threads", "1");

        long heartbeatMs = p.heartbeatInterval().toMillis();
        props.setProperty("heartbeat.interval.ms", Long.toString(heartbeatMs));
        props.setProperty("topic.heartbeat.prefix", HEARTBEAT_TOPIC_PREFIX);
        // Debezium only emits a heartbeat when a binlog event arrives. The server sends HEARTBEAT events on an idle
        // binlog every 0.8 x connect.keep.alive.interval.ms; sized here to half the heartbeat interval so an idle relay
        // still beats about once per interval. The keep-alive thread is off: with a margin that thin it would
        // reconnect on any hiccup; a broken binlog connection fails the engine, which the relay restarts.
        props.setProperty("connect.keep.alive", "false");
        props.setProperty("connect.keep.alive.interval.ms", Long.toString(Math.max(100L, heartbeatMs * 5 / 8)));

        props.putAll(p.debezium());
        return props;
    }

    static Properties producer(RelayProperties p) {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, p.name());
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, p.kafkaBootstrap());
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Each batch is flushed explicitly, so linger only groups records sent in the same loop.
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.setProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        props.putAll(p.producer());
        // Not overridable: the delivery guarantee rests on them.
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        return props;
    }

    /** topic.prefix accepts letters, digits, '.', '_' and '-'. */
    static String topicPrefix(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static boolean isHeartbeatTopic(String topic) {
        return topic != null && topic.startsWith(HEARTBEAT_TOPIC_PREFIX);
    }
}
