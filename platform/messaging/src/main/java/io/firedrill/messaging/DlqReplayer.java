package io.firedrill.messaging;

import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Replays a dead-letter topic: every record not yet replayed goes back to its original topic with its key,
 * payload and original headers (DLQ headers stripped, {@code firedrill_replayed_from_dlq} added). Progress is
 * the committed offset of consumer group {@code firedrill-dlq-replay.<dlq topic>}, committed only after the original
 * topic acknowledged the batch, so a replay interrupted half-way resumes without loss. A replay covers the
 * records present when it starts. Consumers deduplicate
 * by event id, so a record replayed twice has one effect.
 */
public class DlqReplayer {

    /** Progress of a replay lives in the offsets of this group, one group per dead-letter topic. */
    public static String group(String dlqTopic) {
        return "firedrill-dlq-replay." + dlqTopic;
    }

    public record Report(String dlqTopic, int replayed, Map<String, Integer> byOriginalTopic, int repaired) {
        public Report(String dlqTopic, int replayed, Map<String, Integer> byOriginalTopic) {
            this(dlqTopic, replayed, byOriginalTopic, 0);
        }
    }

    /**
     * Turns a dead-lettered payload back into one its consumers accept (e.g. a producer's draft version into the
     * current one, {@link ProducerVersions#restore}); empty when the record needs no repair.
     */
    @FunctionalInterface
    public interface Repair {
        Optional<ProducerVersions.Encoded> apply(String type, int version, byte[] payload);

        static Repair none() {
            return (type, version, payload) -> Optional.empty();
        }
    }

    private final String bootstrap;
    private final Repair repair;

    public DlqReplayer(String bootstrap) {
        this(bootstrap, Repair.none());
    }

    public DlqReplayer(String bootstrap, Repair repair) {
        this.bootstrap = bootstrap;
        this.repair = repair;
    }

    public Report replay(String dlqTopic, Duration idleTimeout) {
        Topics.deadLettersOf(dlqTopic); // refuses a topic that is not a dead-letter topic
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group(dlqTopic));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Integer> counts = new java.util.TreeMap<>();
        int replayed = 0;
        int repaired = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(DeadLetterPublisher.producerConfig(bootstrap, "dlq-replay"))) {
            // Bounded by the end offsets seen now: records dead-lettered again during the replay (still
            // invalid) wait for the next replay instead of looping forever.
            List<TopicPartition> partitions = consumer.partitionsFor(dlqTopic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata committed = consumer.committed(java.util.Set.of(partition), Duration.ofSeconds(10)).get(partition);
                if (committed != null) {
                    consumer.seek(partition, committed.offset());
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
            long deadline = System.nanoTime() + idleTimeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(250));
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                Map<TopicPartition, OffsetAndMetadata> progress = new java.util.HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue;
                    }
                    String original = originalTopic(record, dlqTopic);
                    RecordHeaders headers = new RecordHeaders();
                    for (Header h : record.headers()) {
                        if (!h.key().startsWith(MessageHeaderNames.DLQ_PREFIX) && !h.key().equals("contentType")) {
                            headers.add(h);
                        }
                    }
                    headers.add(MessageHeaderNames.REPLAYED_FROM_DLQ, "true".getBytes(StandardCharsets.UTF_8));
                    byte[] value = record.value();
                    Optional<ProducerVersions.Encoded> repairedValue = repairOf(record);
                    if (repairedValue.isPresent()) {
                        value = repairedValue.get().payload().getBytes(StandardCharsets.UTF_8);
                        headers.remove(MessageHeaderNames.SCHEMA_VERSION);
                        headers.add(MessageHeaderNames.SCHEMA_VERSION,
                                Integer.toString(repairedValue.get().version()).getBytes(StandardCharsets.UTF_8));
                        repaired++;
                    }
                    sends.add(producer.send(new ProducerRecord<>(original, null, record.key(), value, headers)));
                    counts.merge(original, 1, Integer::sum);
                    progress.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
                for (Future<RecordMetadata> send : sends) {
                    send.get(30, TimeUnit.SECONDS);
                }
                if (!progress.isEmpty()) {
                    consumer.commitSync(progress);
                    replayed += sends.size();
                    deadline = System.nanoTime() + idleTimeout.toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay of " + dlqTopic + " interrupted after " + replayed + " records");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("replay of " + dlqTopic + " failed after " + replayed + " records: " + e.getMessage(), e);
        }
        return new Report(dlqTopic, replayed, counts, repaired);
    }

    private Optional<ProducerVersions.Encoded> repairOf(ConsumerRecord<byte[], byte[]> record) {
        Header type = record.headers().lastHeader(MessageHeaderNames.TYPE);
        Header version = record.headers().lastHeader(MessageHeaderNames.SCHEMA_VERSION);
        if (type == null || version == null || record.value() == null) {
            return Optional.empty();
        }
        try {
            return repair.apply(new String(type.value(), StandardCharsets.UTF_8),
                    Integer.parseInt(new String(version.value(), StandardCharsets.UTF_8)), record.value());
        } catch (RuntimeException notRepairable) {
            return Optional.empty();
        }
    }

    private static String originalTopic(ConsumerRecord<byte[], byte[]> record, String dlqTopic) {
        Header header = record.headers().lastHeader(MessageHeaderNames.DLQ_ORIGINAL_TOPIC);
        return header != null ? new String(header.value(), StandardCharsets.UTF_8)
                : Topics.deadLettersOf(dlqTopic);
    }

    /** {@code java -cp ... io.firedrill.messaging.DlqReplayer BOOTSTRAP DLQ_TOPIC}: the CLI form of the admin action. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: DlqReplayer BOOTSTRAP DLQ_TOPIC   e.g. 127.0.0.1:17092 inventory.commands.dlq");
            System.exit(2);
        }
        try {
            Report report = new DlqReplayer(args[0]).replay(args[1], Duration.ofSeconds(3));
            System.out.println("replayed " + report.replayed() + " record(s) from " + report.dlqTopic() + " " + report.byOriginalTopic());
        } catch (RuntimeException e) {
            System.err.println("dlq replay failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
