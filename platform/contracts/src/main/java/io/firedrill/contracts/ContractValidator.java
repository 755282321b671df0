package io.firedrill.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates raw JSON against the committed schema of (type, version). Never throws for bad input: malformed
 * JSON, an unknown type or an unknown version are {@link Violation}s, so consumers can dead-letter with a reason.
 *
 * <p>All schemas are compiled once in {@link #create()}; an instance is immutable and thread-safe.
 * networknt 3.x works on Jackson 3 trees, so the raw bytes are parsed here with a Jackson 3 mapper; that
 * stays private to this class.
 */
public final class ContractValidator {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Map<String, Schema> payloadSchemas;

    private ContractValidator(Map<String, Schema> payloadSchemas) {
        this.payloadSchemas = Map.copyOf(payloadSchemas);
    }

    /** Compiles every registered (type, version) schema from the classpath. */
    public static ContractValidator create() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true) // 2020-12 treats format as annotation only; uuid and date-time must be enforced
                .locale(Locale.ENGLISH)
                .pathType(PathType.LEGACY) // "$.items[0].quantity": readable in a DLQ header
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config));
        Map<String, Schema> payloads = new HashMap<>();
        for (SchemaCatalog.Entry entry : SchemaCatalog.entries()) {
            Schema schema = registry.getSchema(SchemaCatalog.read(entry.path()), InputFormat.JSON);
            schema.initializeValidators(); // fail at startup, not on the first message
            payloads.put(key(entry.type().typeName(), entry.version()), schema);
        }
        return new ContractValidator(payloads);
    }

    public ValidationResult validate(String typeName, int version, String payload) {
        return validate(typeName, version, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Validates a bare payload (e.g. the Kafka value, with type and version from headers). */
    public ValidationResult validate(String typeName, int version, byte[] payload) {
        Optional<Violation> unknown = checkKnown(typeName, version);
        if (unknown.isPresent()) {
            return new ValidationResult(typeName, version, List.of(unknown.get()));
        }
        Parsed parsed = parse(payload);
        if (parsed.malformed() != null) {
            return new ValidationResult(typeName, version, List.of(parsed.malformed()));
        }
        return new ValidationResult(typeName, version,
                violations(payloadSchemas.get(key(typeName, version)), parsed.node()));
    }

    private Optional<Violation> checkKnown(String typeName, int version) {
        Optional<MessageType> type = MessageType.byName(typeName);
        if (type.isEmpty()) {
            return Optional.of(new Violation(Violation.UNKNOWN_TYPE, "$",
                    "unknown message type '" + typeName + "'"));
        }
        if (!payloadSchemas.containsKey(key(typeName, version))) {
            return Optional.of(new Violation(Violation.UNKNOWN_VERSION, "$",
                    "unknown schema version " + version + " of " + typeName + " (known: 1.." + type.get().currentVersion() + ")"));
        }
        return Optional.empty();
    }

    /** Either a tree or the reason there is none. */
    private record Parsed(JsonNode node, Violation malformed) {}

    private static Parsed parse(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                return new Parsed(null, malformed("no content"));
            }
            return new Parsed(node, null);
        } catch (JacksonException e) {
            return new Parsed(null, malformed(e.getOriginalMessage()));
        }
    }

    private static List<Violation> violations(Schema schema, JsonNode node) {
        List<Violation> violations = new ArrayList<>();
        for (Error error : schema.validate(node)) {
            violations.add(new Violation(error.getKeyword(), error.getInstanceLocation().toString(), error.getMessage()));
        }
        return violations;
    }

    private static Violation malformed(String detail) {
        return new Violation(Violation.MALFORMED_JSON, "$", "not valid JSON: " + detail);
    }

    private static String key(String typeName, int version) {
        return typeName + "/v" + version;
    }
}
