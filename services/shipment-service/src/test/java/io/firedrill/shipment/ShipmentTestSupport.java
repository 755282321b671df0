package io.firedrill.shipment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.contracts.Address;
import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.LineItem;
import io.firedrill.contracts.Message;
import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.commands.CreateShipment;
import io.firedrill.messaging.MessageDispatcher;
import io.firedrill.messaging.MessageHeaderNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Builds commands and records exactly as cdc-relay publishes them, and reads JSON/HTTP for the tests. */
public final class ShipmentTestSupport {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ContractCodec CODEC = ContractCodec.shared();

    private ShipmentTestSupport() {}

    public static CreateShipment createShipment(UUID orderId, Address address) {
        return new CreateShipment(orderId, UUID.randomUUID(),
                List.of(new LineItem("SKU-" + orderId.toString().substring(0, 8).toUpperCase(), 2), new LineItem("MUG-42", 1)),
                address);
    }

    public static Address address() {
        return new Address("Ada Lovelace", "12 St James's Square", "Flat 3", "London", "SW1Y 4JH", "GB");
    }

    public static Map<String, byte[]> headers(UUID eventId, Message message, String region) {
        MessageType type = MessageType.of(message);
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(MessageHeaderNames.EVENT_ID, utf8(eventId.toString()));
        headers.put(MessageHeaderNames.TYPE, utf8(type.typeName()));
        headers.put(MessageHeaderNames.SCHEMA_VERSION, utf8(Integer.toString(type.currentVersion())));
        headers.put(MessageHeaderNames.TENANT_REGION, utf8(region));
        return headers;
    }

    /** A consumed record for {@link MessageDispatcher#dispatch}, as the binder would hand it over. */
    public static MessageDispatcher.Received received(String topic, UUID eventId, Message message, String region) {
        return new MessageDispatcher.Received(topic, 0, 0, utf8(message.orderId().toString()), CODEC.toBytes(message),
                headers(eventId, message, region));
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    public static void send(KafkaProducer<byte[], byte[]> producer, String topic, UUID eventId, Message message, String region) {
        RecordHeaders headers = new RecordHeaders();
        headers(eventId, message, region).forEach(headers::add);
        try {
            producer.send(new ProducerRecord<>(topic, null, utf8(message.orderId().toString()), CODEC.toBytes(message),
                    headers)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    public static HttpResponse<byte[]> get(String url, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request.build());
    }

    public static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(new String(body, StandardCharsets.UTF_8), e);
        }
    }

    public static JsonNode json(String body) {
        return json(body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
