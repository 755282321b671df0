package io.firedrill.stack.component;

import io.firedrill.stack.Health;
import io.firedrill.stack.StackLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/** A single combined broker+controller in KRaft mode, from the kafka_2.13 Maven artifact. */
public final class KafkaBroker implements Component {

    /** How long the broker keeps a topic's records: how far back a consumer group reset can replay. */
    public static final java.time.Duration RETENTION = java.time.Duration.ofHours(24);

    private final StackLayout layout;
    private final Path dir;
    private final Path data;

    public KafkaBroker(StackLayout layout) {
        this.layout = layout;
        this.dir = layout.componentDir(name());
        this.data = dir.resolve("data");
    }

    @Override public String name() { return "kafka"; }

    @Override public List<Integer> ports() {
        return List.of(layout.ports().kafka(), layout.ports().kafkaController());
    }

    @Override
    public void prepare() throws Exception {
        ServerSupport.snapshotClasspath(layout, name(), layout.runtimeLib("kafka"));
        Files.writeString(dir.resolve("server.properties"), serverProperties());
        Files.writeString(dir.resolve("log4j2.properties"), """
                # Broker log: warnings, plus the lines that say it started.
                rootLogger.level = WARN
                rootLogger.appenderRef.stdout.ref = STDOUT
                appender.stdout.type = Console
                appender.stdout.name = STDOUT
                appender.stdout.layout.type = PatternLayout
                appender.stdout.layout.pattern = [%d] %p %m (%c)%n
                logger.server.name = kafka.server.KafkaRaftServer
                logger.server.level = INFO
                """);
        // A data dir without meta.properties is a half-finished format: start over rather than fail.
        if (!Files.isRegularFile(data.resolve("meta.properties"))) {
            ServerSupport.deleteRecursively(data);
            List<String> format = base();
            format.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "--ignore-formatted",
                    "-t", clusterId(), "-c", dir.resolve("server.properties").toString()));
            ServerSupport.runTool(format, dir, layout.logFile(name()), 120);
        }
    }

    private List<String> base() {
        List<String> cmd = ServerSupport.java(layout, name(), 256, false);
        cmd.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        cmd.add("-cp");
        cmd.add(ServerSupport.snapshotLib(layout, name(), layout.runtimeLib("kafka")));
        return cmd;
    }

    @Override
    public List<String> command() {
        List<String> cmd = base();
        cmd.add("kafka.Kafka");
        cmd.add(dir.resolve("server.properties").toString());
        return cmd;
    }

    private String serverProperties() {
        int port = layout.ports().kafka();
        int controller = layout.ports().kafkaController();
        return String.join("\n",
                "# Written by firedrill-stack; edit KafkaBroker.java instead.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=3",
                "default.replication.factor=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=" + RETENTION.toHours(),
                "log.segment.bytes=33554432",
                // Sized for 2 cores and a 256 MB heap: the cleaner's default 128 MB dedupe buffer would not fit.
                "num.network.threads=2",
                "num.io.threads=4",
                "background.threads=2",
                "num.recovery.threads.per.data.dir=1",
                "log.cleaner.threads=1",
                "log.cleaner.dedupe.buffer.size=8388608",
                "") ;
    }

    /**
     * Kafka's cluster id: 16 random bytes, URL-safe base64 without padding, never starting with '-' (kafka-storage's
     * argument parser reads "-t -abc..." as a missing value: 1 format in 64 failed, as one CI run did; Kafka's own
     * Uuid.randomUuid draws again for the same reason).
     */
    static String clusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    @Override
    public Health health() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + layout.ports().kafka());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        try (Admin admin = Admin.create(props)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            List<String> ids = new ArrayList<>();
            nodes.forEach(n -> ids.add(Integer.toString(n.id())));
            return nodes.isEmpty() ? Health.down("no broker in cluster") : Health.up("KRaft, brokers " + ids);
        } catch (Exception e) {
            return Health.down("admin: " + rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
