package io.firedrill.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's committed offsets as a fault lever and a repair tool: what {@code kafka-consumer-groups
 * --reset-offsets --to-datetime} does. Rewinding makes the group's consumers receive again every record from a point in
 * time on (the duplicate-delivery scenario: an operator reprocessing a window, a lost offset commit). Kafka changes a
 * group's offsets only while the group has no member: stop its consumers first ({@link #awaitEmpty}), rewind, start them.
 */
public final class ConsumerGroups implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 10;

    /**
     * What a rewind did on one partition.
     *
     * @param from the committed offset before (the next record the group would have read)
     * @param to   the committed offset after: the first record written at or after the instant, never later than {@code from}
     */
    public record PartitionRewind(int partition, long from, long to) {

        /** Records the group will receive a second time. */
        public long replayed() {
            return from - to;
        }
    }

    /** A rewind of {@code group} on {@code topic} to {@code to}: per partition, and the records it replays in all. */
    public record Rewind(String group, String topic, Instant to, List<PartitionRewind> partitions) {

        public long replayed() {
            return partitions.stream().mapToLong(PartitionRewind::replayed).sum();
        }

        /** One line: {@code payment-service on payment.commands: 42 records replayed (p0 120->106, ...)}. */
        public String summary() {
            return group + " on " + topic + " rewound to " + to + ": " + replayed() + " records replayed ("
                    + partitions.stream().map(p -> "p" + p.partition() + " " + p.from() + "->" + p.to()).collect(Collectors.joining(", "))
                    + ")";
        }
    }

    private final Admin admin;

    public ConsumerGroups(String kafkaBootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        this.admin = Admin.create(props);
    }

    /** The group's state (STABLE, EMPTY, PREPARING_REBALANCE...) and member count, one line. */
    public String describe(String group) throws Exception {
        ConsumerGroupDescription d = description(group);
        return group + " " + d.groupState() + ", " + d.members().size() + " members";
    }

    /** Waits until the group has no member (its consumers stopped and left); fails naming the members after {@code timeout}. */
    public void awaitEmpty(String group, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConsumerGroupDescription d = description(group);
            if (d.members().isEmpty() && d.groupState() != GroupState.PREPARING_REBALANCE
                    && d.groupState() != GroupState.COMPLETING_REBALANCE) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("consumer group " + group + " still has " + d.members().size() + " members ("
                        + d.groupState() + ") after " + timeout.toSeconds() + " s: stop its consumers before rewinding it");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Moves the group's committed offsets on every partition of {@code topic} back to the first record written at or
     * after {@code to} (a partition with nothing that recent, or committed before it, keeps its offset: a rewind never
     * skips records). The group must be empty: Kafka refuses to change the offsets of a group with members.
     */
    public Rewind rewind(String group, String topic, Instant to) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (committed.isEmpty()) {
            throw new IllegalArgumentException("consumer group " + group + " has no committed offset on " + topic);
        }
        Map<TopicPartition, OffsetSpec> byTime = new LinkedHashMap<>();
        committed.keySet().forEach(tp -> byTime.put(tp, OffsetSpec.forTimestamp(to.toEpochMilli())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> atTime = admin.listOffsets(byTime).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> rewound = new LinkedHashMap<>();
        Map<Integer, PartitionRewind> result = new TreeMap<>();
        committed.forEach((tp, offset) -> {
            long target = atTime.get(tp).offset(); // -1: no record at or after the instant
            long next = target < 0 ? offset.offset() : Math.min(target, offset.offset());
            result.put(tp.partition(), new PartitionRewind(tp.partition(), offset.offset(), next));
            if (next < offset.offset()) {
                rewound.put(tp, new OffsetAndMetadata(next, "rewound to " + to));
            }
        });
        if (!rewound.isEmpty()) {
            admin.alterConsumerGroupOffsets(group, rewound).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return new Rewind(group, topic, to, List.copyOf(result.values()));
    }

    private ConsumerGroupDescription description(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
