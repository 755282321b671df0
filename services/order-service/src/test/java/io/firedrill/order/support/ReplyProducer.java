package io.firedrill.order.support;

import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageType;
import io.firedrill.messaging.testing.TestMessages;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays the participants: produces their reply events to Kafka exactly as cdc-relay would publish them (payload as
 * value, order id as key, headers event_id / type / schema_version / tenant_region).
 */
public final class ReplyProducer implements AutoCloseable {

    /** The region of every reply these tests send. */
    private static final String REGION = "eu-west";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topicPrefix;

    public ReplyProducer(String bootstrap, String topicPrefix) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "order-test-participants");
        this.producer = new KafkaProducer<>(props);
        this.topicPrefix = topicPrefix;
    }

    /** The topic the service under test consumes for this message (a per-run copy of e.g. payment.events). */
    public String topicOf(Message message) {
        return topicPrefix + MessageType.of(message).topic();
    }

    /** Sends {@code message} with a fresh event id; returns the event id. */
    public UUID send(Message message) {
        return send(UUID.randomUUID(), message);
    }

    /** Sends {@code message} with the given event id (send twice for a redelivery). */
    public UUID send(UUID eventId, Message message) {
        try {
            producer.send(record(eventId, message)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce " + MessageType.of(message).typeName() + " for order "
                    + message.orderId(), e);
        }
        return eventId;
    }

    /** Sends without waiting for the broker's acknowledgement (benchmarks); {@link #flush()} waits for all. */
    public void sendAsync(Message message) {
        producer.send(record(UUID.randomUUID(), message));
    }

    /** As cdc-relay publishes it, to this run's copy of the message's topic. */
    private ProducerRecord<byte[], byte[]> record(UUID eventId, Message message) {
        return TestMessages.record(topicOf(message), eventId, message, REGION);
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
