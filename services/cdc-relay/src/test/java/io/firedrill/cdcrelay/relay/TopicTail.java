package io.firedrill.cdcrelay.relay;

import io.firedrill.contracts.MessageHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from "now" on, with assign + seek (no consumer group), so tests ignore older and foreign traffic.
 * Keeps every record it polled, so a test can assert exact counts.
 */
final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    private final Properties admin = new Properties();
    private final String topic;
    private boolean created;

    private TopicTail(String bootstrap, String topic, int partitions) throws Exception {
        this.topic = topic;
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            created = true;
        }
        catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> all = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(all);
        consumer.seekToEnd(all);
        all.forEach(consumer::position); // resolve "end" now, before the test writes
    }

    /** A fresh topic with one partition (so order is total), or an existing one such as the DLQ. */
    static TopicTail of(String bootstrap, String topic) throws Exception {
        return new TopicTail(bootstrap, topic, 1);
    }

    /** Polls once (up to the given time) and returns everything seen so far. */
    List<ConsumerRecord<String, byte[]>> poll(Duration max) {
        consumer.poll(max).forEach(seen::add);
        return List.copyOf(seen);
    }

    List<ConsumerRecord<String, byte[]>> matching(Predicate<ConsumerRecord<String, byte[]>> filter) {
        poll(Duration.ofMillis(100));
        return seen.stream().filter(filter).toList();
    }

    List<String> ids() {
        return seen.stream().map(r -> header(r, MessageHeaderNames.EVENT_ID)).toList();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Header h : record.headers()) {
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Closes the consumer and deletes the topic if this tail created it (shared topics such as the DLQ stay). */
    @Override
    public void close() throws Exception {
        consumer.close(Duration.ofSeconds(2));
        if (created) {
            try (Admin client = Admin.create(admin)) {
                client.deleteTopics(List.of(topic)).all().get();
            }
        }
    }
}
