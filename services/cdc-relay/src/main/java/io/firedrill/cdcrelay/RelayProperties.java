package io.firedrill.cdcrelay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every setting of the relay, bound from {@code firedrill.cdc-relay.*}. Also built by hand (tests, tools), so the
 * defaults live in the compact constructor and work on the embedded stack; {@code null} means "default".
 *
 * @param name            engine name and Debezium {@code topic.prefix}; keys the offsets, so keep it stable
 * @param databaseHost    MariaDB primary host
 * @param databasePort    MariaDB primary port
 * @param databaseUser    user with REPLICATION SLAVE/CLIENT, SELECT, RELOAD (the stack user has ALL)
 * @param databasePassword its password
 * @param serverId        binlog client server id: unique among every replica and relay of the primary
 * @param databases       regular expressions of the databases whose outbox table is captured
 * @param outboxTable     name of the outbox table in each captured database
 * @param kafkaBootstrap  Kafka bootstrap servers
 * @param dlqTopic        topic of the rows that cannot be routed (reason in header {@code firedrill_dlq_reason})
 * @param dataDir         folder of the offsets file and the schema history file
 * @param pollInterval    Debezium {@code poll.interval.ms}: the main latency knob
 * @param heartbeatInterval Debezium {@code heartbeat.interval.ms}; the binlog server heartbeat follows it
 * @param offsetFlushInterval how often offsets reach the file; zero = after every relayed batch
 * @param maxBatchSize    Debezium {@code max.batch.size}
 * @param maxQueueSize    Debezium {@code max.queue.size}
 * @param maxMessageBytes a payload above this goes to the DLQ instead of being refused by the broker forever
 * @param publishRetryBackoff wait between two attempts to publish a batch Kafka did not acknowledge
 * @param restartBackoffMax longest wait before restarting an engine that failed
 * @param shutdownTimeout longest wait for the batch in flight when stopping
 * @param stallTimeout    a streaming engine that delivers nothing (not even a heartbeat) for this long, while the
 *                        relay is neither paused nor publishing, is restarted: the binlog connection died quietly or
 *                        the engine is stuck. Below CdcRelayDown's 10 s, so a stall the watchdog heals does not page.
 *                        Zero turns the restarts off (the watchdog only logs the stall)
 * @param debezium        extra Debezium properties, applied last (override anything above)
 * @param producer        extra Kafka producer properties, applied last except acks and idempotence
 */
@ConfigurationProperties("firedrill.cdc-relay")
public record RelayProperties(
        String name,
        String databaseHost,
        Integer databasePort,
        String databaseUser,
        String databasePassword,
        Long serverId,
        List<String> databases,
        String outboxTable,
        String kafkaBootstrap,
        String dlqTopic,
        Path dataDir,
        Duration pollInterval,
        Duration heartbeatInterval,
        Duration offsetFlushInterval,
        Integer maxBatchSize,
        Integer maxQueueSize,
        Integer maxMessageBytes,
        Duration publishRetryBackoff,
        Duration restartBackoffMax,
        Duration shutdownTimeout,
        Duration stallTimeout,
        Map<String, String> debezium,
        Map<String, String> producer) {

    public static final String DEFAULT_NAME = "firedrill-cdc-relay";
    public static final String DEFAULT_DLQ_TOPIC = "cdc-relay.dlq";

    public RelayProperties {
        name = name == null || name.isBlank() ? DEFAULT_NAME : name;
        databaseHost = databaseHost == null ? "127.0.0.1" : databaseHost;
        databaseUser = databaseUser == null ? "firedrill" : databaseUser;
        databasePassword = databasePassword == null ? "firedrill" : databasePassword;
        serverId = serverId == null ? 17106L : serverId;
        databases = databases == null || databases.isEmpty() ? List.of("firedrill_.*") : List.copyOf(databases);
        outboxTable = outboxTable == null ? "outbox" : outboxTable;
        dlqTopic = dlqTopic == null ? DEFAULT_DLQ_TOPIC : dlqTopic;
        dataDir = (dataDir == null ? Path.of(".firedrill", "cdc-relay") : dataDir).toAbsolutePath().normalize();
        pollInterval = pollInterval == null ? Duration.ofMillis(25) : pollInterval;
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(1) : heartbeatInterval;
        offsetFlushInterval = offsetFlushInterval == null ? Duration.ZERO : offsetFlushInterval;
        maxBatchSize = maxBatchSize == null ? 2048 : maxBatchSize;
        maxQueueSize = maxQueueSize == null ? 8192 : maxQueueSize;
        maxMessageBytes = maxMessageBytes == null ? 900_000 : maxMessageBytes;
        publishRetryBackoff = publishRetryBackoff == null ? Duration.ofSeconds(1) : publishRetryBackoff;
        restartBackoffMax = restartBackoffMax == null ? Duration.ofSeconds(30) : restartBackoffMax;
        shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(30) : shutdownTimeout;
        stallTimeout = stallTimeout == null ? Duration.ofSeconds(5) : stallTimeout;
        debezium = debezium == null ? Map.of() : Map.copyOf(debezium);
        producer = producer == null ? Map.of() : Map.copyOf(producer);
        if (maxQueueSize <= maxBatchSize) {
            throw new IllegalArgumentException("firedrill.cdc-relay.max-queue-size (" + maxQueueSize
                    + ") must be larger than max-batch-size (" + maxBatchSize + ")");
        }
        if (heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("firedrill.cdc-relay.heartbeat-interval must be positive: the heartbeat age metric relies on it");
        }
        checkStallTimeout(stallTimeout, heartbeatInterval);
    }

    /**
     * A stall timeout is zero (the watchdog's restarts off) or at least 3 heartbeat intervals (a shorter silence is
     * normal); returns it.
     *
     * @throws IllegalArgumentException otherwise, naming the setting
     */
    public static Duration checkStallTimeout(Duration stallTimeout, Duration heartbeatInterval) {
        if (stallTimeout.isNegative() || !stallTimeout.isZero() && stallTimeout.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("firedrill.cdc-relay.stall-timeout (" + stallTimeout
                    + ") must be 0 (restarts off) or at least 3 heartbeat intervals (" + heartbeatInterval.multipliedBy(3) + ")");
        }
        return stallTimeout;
    }

    /** All defaults; the database port and Kafka bootstrap have none (the stack hands them over): set them. */
    public static RelayProperties defaults() {
        return new RelayProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    public RelayProperties withName(String value) {
        return new RelayProperties(value, databaseHost, databasePort, databaseUser, databasePassword, serverId, databases,
                outboxTable, kafkaBootstrap, dlqTopic, dataDir, pollInterval, heartbeatInterval, offsetFlushInterval,
                maxBatchSize, maxQueueSize, maxMessageBytes, publishRetryBackoff, restartBackoffMax, shutdownTimeout,
                stallTimeout, debezium, producer);
    }

    public RelayProperties withDatabase(String host, int port, String user, String password) {
        return new RelayProperties(name, host, port, user, password, serverId, databases,
                outboxTable, kafkaBootstrap, dlqTopic, dataDir, pollInterval, heartbeatInterval, offsetFlushInterval,
                maxBatchSize, maxQueueSize, maxMessageBytes, publishRetryBackoff, restartBackoffMax, shutdownTimeout,
                stallTimeout, debezium, producer);
    }

    public RelayProperties withServerId(long value) {
        return new RelayProperties(name, databaseHost, databasePort, databaseUser, databasePassword, value, databases,
                outboxTable, kafkaBootstrap, dlqTopic, dataDir, pollInterval, heartbeatInterval, offsetFlushInterval,
                maxBatchSize, maxQueueSize, maxMessageBytes, publishRetryBackoff, restartBackoffMax, shutdownTimeout,
                stallTimeout, debezium, producer);
    }

    public RelayProperties withDatabases(List<String> value) {
        return new RelayProperties(name, databaseHost, databasePort, databaseUser, databasePassword, serverId, value,
                outboxTable, kafkaBootstrap, dlqTopic, dataDir, pollInterval, heartbeatInterval, offsetFlushInterval,
                maxBatchSize, maxQueueSize, maxMessageBytes, publishRetryBackoff, restartBackoffMax, shutdownTimeout,
                stallTimeout, debezium, producer);
    }

    public RelayProperties withKafkaBootstrap(String value) {
        return new RelayProperties(name, databaseHost, databasePort, databaseUser, databasePassword, serverId, databases,
                outboxTable, value, dlqTopic, dataDir, pollInterval, heartbeatInterval, offsetFlushInterval,
                maxBatchSize, maxQueueSize, maxMessageBytes, publishRetryBackoff, restartBackoffMax, shutdownTimeout,
                stallTimeout, debezium, producer);
    }

    public RelayProperties withDlqTopic(String value) {
        return new RelayProperties(name, databaseHost, databasePort, databaseUser, databasePassword, serverId, databases,
                outboxTable, kafkaBootstrap, value, dataDir, pollInterval, heartbeatInterval, offsetFlushInterval,
                maxBatchSize, maxQueueSize, maxMessageBytes, publishRetryBackoff, restartBackoffMax, shutdownTimeout,
                stallTimeout, debezium, producer);
    }

    public RelayProperties withDataDir(Path value) {
        return new RelayProperties(name, databaseHost, databasePort, databaseUser, databasePassword, serverId, databases,
                outboxTable, kafkaBootstrap, dlqTopic, value, pollInterval, heartbeatInterval, offsetFlushInterval,
                maxBatchSize, maxQueueSize, maxMessageBytes, publishRetryBackoff, restartBackoffMax, shutdownTimeout,
                stallTimeout, debezium, producer);
    }

    public RelayProperties withMaxMessageBytes(int value) {
        return new RelayProperties(name, databaseHost, databasePort, databaseUser, databasePassword, serverId, databases,
                outboxTable, kafkaBootstrap, dlqTopic, dataDir, pollInterval, heartbeatInterval, offsetFlushInterval,
                maxBatchSize, maxQueueSize, value, publishRetryBackoff, restartBackoffMax, shutdownTimeout,
                stallTimeout, debezium, producer);
    }

    public RelayProperties withProducer(Map<String, String> value) {
        return new RelayProperties(name, databaseHost, databasePort, databaseUser, databasePassword, serverId, databases,
                outboxTable, kafkaBootstrap, dlqTopic, dataDir, pollInterval, heartbeatInterval, offsetFlushInterval,
                maxBatchSize, maxQueueSize, maxMessageBytes, publishRetryBackoff, restartBackoffMax, shutdownTimeout,
                stallTimeout, debezium, value);
    }

    public Path offsetsFile() {
        return dataDir.resolve("offsets.dat");
    }

    public Path schemaHistoryFile() {
        return dataDir.resolve("schema-history.dat");
    }
}
