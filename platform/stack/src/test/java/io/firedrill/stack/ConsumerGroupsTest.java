package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.stack.junit.FiredrillStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rewinding a consumer group on the real broker: the records after the instant are delivered to the group again. */
@ExtendWith(FiredrillStackExtension.class)
class ConsumerGroupsTest {

    @Test
    void aRewoundGroupReceivesEveryRecordWrittenSinceTheInstantAgainAndNothingOlder(Endpoints endpoints) throws Exception {
        String topic = "rewind-it-" + UUID.randomUUID().toString().substring(0, 8);
        String group = topic + "-group";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }
        produce(endpoints, topic, "old-", 4);
        Thread.sleep(1_100); // record timestamps are milliseconds: put a clear second between the two batches
        Instant cut = Instant.now();
        Thread.sleep(100);
        produce(endpoints, topic, "new-", 6);
        assertThat(consumeAll(endpoints, topic, group, 10)).hasSize(10); // read and committed: the group is current

        try (ConsumerGroups groups = new ConsumerGroups(endpoints.kafkaBootstrap())) {
            groups.awaitEmpty(group, Duration.ofSeconds(10));
            ConsumerGroups.Rewind rewind = groups.rewind(group, topic, cut);

            assertThat(rewind.replayed()).isEqualTo(6);
            assertThat(rewind.partitions()).hasSize(2).allSatisfy(p -> assertThat(p.to()).isLessThanOrEqualTo(p.from()));
            assertThat(rewind.summary()).contains(group).contains("6 records replayed");
        }
        List<String> again = consumeAll(endpoints, topic, group, 6);
        assertThat(again).hasSize(6).allSatisfy(value -> assertThat(value).startsWith("new-"));
    }

    @Test
    void aGroupWithMembersIsNotRewound(Endpoints endpoints) throws Exception {
        String topic = "rewind-busy-" + UUID.randomUUID().toString().substring(0, 8);
        String group = topic + "-group";
        produce(endpoints, topic, "r-", 2);
        try (KafkaConsumer<String, String> member = consumer(endpoints, group);
             ConsumerGroups groups = new ConsumerGroups(endpoints.kafkaBootstrap())) {
            member.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
                member.poll(Duration.ofMillis(200));
            }
            member.commitSync();

            assertThatThrownBy(() -> groups.awaitEmpty(group, Duration.ofSeconds(1)))
                    .hasMessageContaining(group).hasMessageContaining("stop its consumers");
        }
    }

    private static void produce(Endpoints endpoints, String topic, String prefix, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, prefix + i)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Consumes as {@code group} until {@code expected} records came (or 20 s passed), commits and leaves the group. */
    private static List<String> consumeAll(Endpoints endpoints, String topic, String group, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(endpoints, group)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    values.add(record.value());
                }
            }
            // One more poll: anything beyond what was expected would show here.
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
            consumer.commitSync();
        }
        return values;
    }

    private static KafkaConsumer<String, String> consumer(Endpoints endpoints, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
