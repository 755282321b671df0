package io.firedrill.messaging;

import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a message this consumer cannot process to {@code <topic>.dlq}, with its original key, payload and
 * headers plus the reason. Synchronous: the consumer acknowledges the original only after the DLQ has it,
 * so nothing is lost between the two.
 */
public class DeadLetterPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String consumerName;
    private final MeterRegistry meters;

    public DeadLetterPublisher(String kafkaBootstrap, String consumerName, MeterRegistry meters) {
        this.producer = new KafkaProducer<>(producerConfig(kafkaBootstrap, "dlq-" + consumerName));
        this.consumerName = consumerName;
        this.meters = meters;
    }

    static Properties producerConfig(String bootstrap, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** A record as consumed, independent of the Kafka or Spring types it arrived in. */
    public record Failed(String topic, int partition, long offset, byte[] key, byte[] payload, Map<String, byte[]> headers) {}

    public void publish(Failed failed, String reason, String detail) {
        String dlq = Topics.dlq(failed.topic());
        RecordHeaders headers = new RecordHeaders();
        failed.headers().forEach((name, value) -> {
            if (!name.startsWith(MessageHeaderNames.DLQ_PREFIX)) {
                headers.add(name, value);
            }
        });
        headers.add(MessageHeaderNames.DLQ_REASON, utf8(reason));
        headers.add(MessageHeaderNames.DLQ_DETAIL, utf8(detail.length() > 2000 ? detail.substring(0, 2000) : detail));
        headers.add(MessageHeaderNames.DLQ_ORIGINAL_TOPIC, utf8(failed.topic()));
        headers.add(MessageHeaderNames.DLQ_ORIGINAL_PARTITION, utf8(Integer.toString(failed.partition())));
        headers.add(MessageHeaderNames.DLQ_ORIGINAL_OFFSET, utf8(Long.toString(failed.offset())));
        headers.add(MessageHeaderNames.DLQ_CONSUMER, utf8(consumerName));
        headers.add(MessageHeaderNames.DLQ_AT, utf8(Instant.now().toString()));
        try {
            producer.send(new ProducerRecord<>(dlq, null, failed.key(), failed.payload(), headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Not acknowledging the original is the only safe answer: the binder will redeliver it.
            throw new IllegalStateException("could not dead-letter " + failed.topic() + "@" + failed.partition() + ":"
                    + failed.offset() + " to " + dlq + ": " + e.getMessage(), e);
        }
        registerCounter(failed.topic(), reason).increment();
        log.warn("dead-lettered {}@{}:{} to {} reason={} detail={}", failed.topic(), failed.partition(), failed.offset(),
                dlq, reason, detail);
    }

    /** The DLQ counter of records from {@code topic} dead-lettered for {@code reason} (registered at 0 if new). */
    Counter registerCounter(String topic, String reason) {
        return Counter.builder("firedrill_dlq_events_total")
                .description("Records published to the dead-letter topic, by original topic and reason")
                .tags("topic", topic, "reason", reason)
                .register(meters);
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
