package io.firedrill.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a rendered Kubernetes object against the schema of its kind, without a cluster:
 * <ul>
 *   <li>a kind with a Java model (core and apps, batch, networking and policy from fabric8; Prometheus-operator's
 *       monitoring.coreos.com from fabric8; Strimzi's kafka.strimzi.io from io.strimzi:api) is read into that model with
 *       scalar coercion off (a string where a number belongs fails). The models keep unknown fields in an
 *       {@code additionalProperties} map instead of failing, so every such map in the object graph must be empty: a
 *       misspelt or invented field is reported with its path. The apiVersion must be the model's;</li>
 *   <li>a kind without a published model (mariadb-operator, Chaos Mesh) is checked against a vendored schema that
 *       refuses every field it does not list (resources {@code schemas/}, README there says where each came from), and its
 *       metadata is read as fabric8's {@code ObjectMeta};</li>
 *   <li>any other kind is an error: nothing passes unchecked.</li>
 * </ul>
 * Names are checked too: every object's as a DNS-1123 subdomain, a Service's as a DNS-1035 label (63 characters).
 */
public final class ManifestValidator {

    private static final Map<String, String> TYPED = Map.ofEntries(
            Map.entry("v1/ConfigMap", "io.fabric8.kubernetes.api.model.ConfigMap"),
            Map.entry("v1/Secret", "io.fabric8.kubernetes.api.model.Secret"),
            Map.entry("v1/Service", "io.fabric8.kubernetes.api.model.Service"),
            Map.entry("v1/PersistentVolumeClaim", "io.fabric8.kubernetes.api.model.PersistentVolumeClaim"),
            Map.entry("apps/v1/Deployment", "io.fabric8.kubernetes.api.model.apps.Deployment"),
            Map.entry("apps/v1/StatefulSet", "io.fabric8.kubernetes.api.model.apps.StatefulSet"),
            Map.entry("batch/v1/Job", "io.fabric8.kubernetes.api.model.batch.v1.Job"),
            Map.entry("batch/v1/CronJob", "io.fabric8.kubernetes.api.model.batch.v1.CronJob"),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", "io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy"),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", "io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule"),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", "io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor"),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", "io.strimzi.api.kafka.model.kafka.Kafka"),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool"),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic"),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaConnect", "io.strimzi.api.kafka.model.connect.KafkaConnect"),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaConnector", "io.strimzi.api.kafka.model.connector.KafkaConnector"));

    private static final List<String> VENDORED = List.of(
            "k8s.mariadb.com/v1alpha1/MariaDB", "k8s.mariadb.com/v1alpha1/Grant",
            "chaos-mesh.org/v1alpha1/PodChaos", "chaos-mesh.org/v1alpha1/NetworkChaos", "chaos-mesh.org/v1alpha1/JVMChaos",
            "chaos-mesh.org/v1alpha1/Schedule");

    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");

    private final ObjectMapper mapper;
    private final Map<String, Schema> schemas = new LinkedHashMap<>();

    public ManifestValidator() {
        mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        // "3" is not an integer and 1 is not a string: YAML quoting mistakes must fail as they do on the API server.
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (String kind : VENDORED) {
            String resource = "schemas/" + kind + ".json";
            try (InputStream in = ManifestValidator.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing vendored schema " + resource);
                }
                Schema schema = registry.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
                schema.initializeValidators();
                schemas.put(kind, schema);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The kinds this validator knows, as {@code apiVersion/kind}. */
    public List<String> knownKinds() {
        List<String> kinds = new ArrayList<>(TYPED.keySet());
        kinds.addAll(VENDORED);
        return kinds.stream().sorted().toList();
    }

    /** Every problem of {@code object}, each naming the object and the field; empty when it is valid. */
    public List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        String name = object.path("metadata").path("name").asText("");
        String id = kind + "/" + name;
        String key = apiVersion + "/" + kind;
        List<String> problems = new ArrayList<>();
        if (name.isEmpty() || name.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            problems.add(id + ": metadata.name '" + name + "' is not a DNS-1123 subdomain");
        }
        if (kind.equals("Service") && (name.length() > 63 || !DNS_1035_LABEL.matcher(name).matches())) {
            problems.add(id + ": a Service name must be a DNS-1035 label of at most 63 characters");
        }
        String typed = TYPED.get(key);
        if (typed != null) {
            problems.addAll(typedProblems(object, typed, id));
        } else if (schemas.containsKey(key)) {
            for (Error error : schemas.get(key).validate(object.toString(), InputFormat.JSON)) {
                problems.add(id + ": " + error.getInstanceLocation() + " " + error.getMessage());
            }
            problems.addAll(readAs(object.path("metadata"), ObjectMeta.class, id, "metadata"));
        } else {
            problems.add(id + ": no schema for " + key + " (known: " + knownKinds() + ")");
        }
        return problems;
    }

    /** Every problem of every object. */
    public List<String> problems(Collection<JsonNode> objects) {
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(problems(o)));
        return problems;
    }

    private List<String> typedProblems(JsonNode object, String className, String id) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("model class missing from the classpath: " + className, e);
        }
        List<String> problems = new ArrayList<>(readAs(object, type, id, ""));
        if (problems.isEmpty() && HasMetadata.class.isAssignableFrom(type)) {
            String modelVersion = HasMetadata.getApiVersion(type.asSubclass(HasMetadata.class));
            if (!modelVersion.equals(object.path("apiVersion").asText())) {
                problems.add(id + ": apiVersion " + object.path("apiVersion").asText() + ", the model's is " + modelVersion);
            }
        }
        return problems;
    }

    private List<String> readAs(JsonNode node, Class<?> type, String id, String path) {
        Object value;
        try {
            value = mapper.treeToValue(node, type);
        } catch (IOException | IllegalArgumentException e) {
            return List.of(id + ": " + (path.isEmpty() ? "" : path + ": ") + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(value, path.isEmpty() ? "" : path, id, problems);
        return problems;
    }

    /** Walks the model's getters; an entry in any {@code additionalProperties} map is a field the schema does not have. */
    private static void unknownFields(Object value, String path, String id, List<String> problems) {
        if (value == null || isLeaf(value.getClass())) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "[" + k + "]", id, problems));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", id, problems);
            }
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (field.equals("additionalProperties") && child instanceof Map<?, ?> extra) {
                extra.keySet().forEach(k -> problems.add(id + ": unknown field " + join(path, k.toString())));
            } else if (isModel(getter.getReturnType()) || child instanceof Collection<?>
                    || (child instanceof Map<?, ?> && isModelMap(child))) {
                unknownFields(child, join(path, field), id, problems);
            }
        }
    }

    private static boolean isModelMap(Object map) {
        return ((Map<?, ?>) map).values().stream().anyMatch(v -> v != null && isModel(v.getClass()));
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return !type.isEnum() && (name.startsWith("io.fabric8.kubernetes.api.model") || name.startsWith("io.fabric8.openshift.api.model")
                || name.startsWith("io.strimzi.api"));
    }

    private static boolean isLeaf(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || type.getName().startsWith("java.lang.")
                || type.getName().startsWith("java.time.") || type == io.fabric8.kubernetes.api.model.Quantity.class
                || type == io.fabric8.kubernetes.api.model.IntOrString.class;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
