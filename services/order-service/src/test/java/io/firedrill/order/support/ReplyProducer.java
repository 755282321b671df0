package io.firedrill.order.support;

import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageType;
import io.firedrill.messaging.MessageHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays the participants: produces their reply events to Kafka exactly as cdc-relay would publish them (payload as
 * value, order id as key, headers event_id / type / schema_version / tenant_region).
 */
public final class ReplyProducer implements AutoCloseable {

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
        MessageType type = MessageType.of(message);
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaderNames.EVENT_ID, bytes(eventId.toString()));
        headers.add(MessageHeaderNames.TYPE, bytes(type.typeName()));
        headers.add(MessageHeaderNames.SCHEMA_VERSION, bytes(Integer.toString(type.currentVersion())));
        headers.add(MessageHeaderNames.TENANT_REGION, bytes("eu-west"));
        try {
            producer.send(new ProducerRecord<>(topicOf(message), null, bytes(message.orderId().toString()),
                    ContractCodec.shared().toBytes(message), headers)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce " + type.typeName() + " for order " + message.orderId(), e);
        }
        return eventId;
    }

    /** Sends without waiting for the broker's acknowledgement (benchmarks); {@link #flush()} waits for all. */
    public void sendAsync(Message message) {
        MessageType type = MessageType.of(message);
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaderNames.EVENT_ID, bytes(UUID.randomUUID().toString()));
        headers.add(MessageHeaderNames.TYPE, bytes(type.typeName()));
        headers.add(MessageHeaderNames.SCHEMA_VERSION, bytes(Integer.toString(type.currentVersion())));
        headers.add(MessageHeaderNames.TENANT_REGION, bytes("eu-west"));
        producer.send(new ProducerRecord<>(topicOf(message), null, bytes(message.orderId().toString()),
                ContractCodec.shared().toBytes(message), headers));
    }

    public void flush() {
        producer.flush();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
