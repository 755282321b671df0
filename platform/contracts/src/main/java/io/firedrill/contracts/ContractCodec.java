package io.firedrill.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Records to JSON and back with one shared, preconfigured Jackson 2 mapper: ISO-8601 instants, null fields
 * omitted (optional fields are absent rather than null in the schemas).
 *
 * <p>Decoding does not validate: consumers run {@link ContractValidator} first and dead-letter what fails,
 * so that a bad payload gets a reason instead of a stack trace.
 */
public final class ContractCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
    private static final ContractCodec SHARED = new ContractCodec();

    private ContractCodec() {}

    /** The codec; stateless and thread-safe. */
    public static ContractCodec shared() {
        return SHARED;
    }

    public String toJson(Message message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new ContractException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    public byte[] toBytes(Message message) {
        return toJson(message).getBytes(StandardCharsets.UTF_8);
    }

    public <T extends Message> T fromJson(String json, Class<T> recordClass) {
        return fromJson(json.getBytes(StandardCharsets.UTF_8), recordClass);
    }

    public <T extends Message> T fromJson(byte[] json, Class<T> recordClass) {
        try {
            return MAPPER.readValue(json, recordClass);
        } catch (IOException e) {
            throw new ContractException("cannot decode " + recordClass.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a payload of the current version of {@code typeName}; unknown types are a {@link ContractException}. */
    public Message fromJson(String typeName, byte[] json) {
        return fromJson(requireType(typeName), json);
    }

    public Message fromJson(MessageType type, byte[] json) {
        return fromJson(json, type.recordClass());
    }

    private static MessageType requireType(String typeName) {
        return MessageType.byName(typeName)
                .orElseThrow(() -> new ContractException("unknown message type '" + typeName + "'"));
    }
}
