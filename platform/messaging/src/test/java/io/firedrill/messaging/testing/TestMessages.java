package io.firedrill.messaging.testing;

import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.contracts.MessageType;
import io.firedrill.messaging.MessageDispatcher;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Saga messages as cdc-relay delivers them (payload keyed by order id, with the event id, type, schema version and
 * tenant region headers), for services' integration tests: handed to a {@link MessageDispatcher} on the test's
 * thread, or produced to a real topic of the stack's Kafka.
 */
public final class TestMessages {

    private static final ContractCodec CODEC = ContractCodec.shared();

    private TestMessages() {}

    /** The headers the relay sets on {@code message}. */
    public static Map<String, byte[]> headers(UUID eventId, Message message, String region) {
        MessageType type = MessageType.of(message);
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(MessageHeaderNames.EVENT_ID, utf8(eventId.toString()));
        headers.put(MessageHeaderNames.TYPE, utf8(type.typeName()));
        headers.put(MessageHeaderNames.SCHEMA_VERSION, utf8(Integer.toString(type.currentVersion())));
        headers.put(MessageHeaderNames.TENANT_REGION, utf8(region));
        return headers;
    }

    /** A consumed record for {@link MessageDispatcher#dispatch}, as the binder hands it over. */
    public static MessageDispatcher.Received received(String topic, UUID eventId, Message message, String region) {
        return new MessageDispatcher.Received(topic, 0, -1, utf8(message.orderId().toString()), CODEC.toBytes(message),
                headers(eventId, message, region));
    }

    /** A producer of raw records (acks=all) to the stack's Kafka. */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** {@code message} as the relay publishes it to {@code topic}: keyed by order id, payload as value, with headers. */
    public static ProducerRecord<byte[], byte[]> record(String topic, UUID eventId, Message message, String region) {
        RecordHeaders headers = new RecordHeaders();
        headers(eventId, message, region).forEach(headers::add);
        return new ProducerRecord<>(topic, null, utf8(message.orderId().toString()), CODEC.toBytes(message), headers);
    }

    /** Produces {@code message} to {@code topic} as the relay would, and waits for the broker's ack. */
    public static void send(KafkaProducer<byte[], byte[]> producer, String topic, UUID eventId, Message message, String region) {
        try {
            producer.send(record(topic, eventId, message, region)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing to " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
