package io.firedrill.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.firedrill.contracts.MessageHeaderNames;
import io.firedrill.contracts.Topics;
import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart as Helm renders it (helm-java), with the default values and with the alternatives (Kafka Connect relay, demo
 * alert profile): every object validates against its kind's schema (ManifestValidator), and what the embedded stack
 * guarantees holds in the cluster too (probes, ports not exposed, topics of the contracts, the relay's header layout).
 */
class RenderedChartTest {

    private static final Path ROOT = StackLayout.locateProjectRoot(Path.of("").toAbsolutePath());
    private static final ChartRenderer CHART = new ChartRenderer(ROOT.resolve(ChartFiles.CHART));
    private static final ManifestValidator VALIDATOR = new ManifestValidator();
    private static final List<String> APPLICATIONS = List.of("order-service", "inventory-service", "payment-service",
            "shipment-service", "notification-service", "cdc-relay");

    /** What an install passes with --set (or credentials.existingSecret). */
    static final Map<String, String> CREDENTIALS = Map.of("credentials.adminToken", "given-token",
            "credentials.dbPassword", "db-secret", "credentials.dbRootPassword", "root-secret", "credentials.s3SecretKey", "s3-secret");

    private static List<JsonNode> embedded;
    private static List<JsonNode> connect;

    @BeforeAll
    static void render() {
        embedded = CHART.objects("firedrill", "shop", CREDENTIALS);
        Map<String, String> alternative = new java.util.HashMap<>(CREDENTIALS);
        alternative.put("relay", "kafka-connect");
        alternative.put("alertProfile", "demo");
        connect = CHART.objects("firedrill", "shop", alternative);
    }

    @Test
    void everyRenderedObjectValidatesAgainstItsKindsSchema() {
        assertThat(VALIDATOR.problems(embedded)).isEmpty();
        assertThat(VALIDATOR.problems(connect)).isEmpty();
        assertThat(kinds(embedded)).contains("Deployment", "Service", "Secret", "Kafka", "KafkaNodePool", "KafkaTopic",
                "MariaDB", "Grant", "StatefulSet", "PrometheusRule", "ServiceMonitor", "ConfigMap", "NetworkPolicy", "Job");
        assertThat(kinds(connect)).contains("KafkaConnect", "KafkaConnector");
    }

    /** helm lint takes no --set here, so it lints a copy whose values.yaml carries the test credentials. */
    @Test
    void chartLintsCleanInStrictMode(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("firedrill");
        Path chart = ROOT.resolve(ChartFiles.CHART);
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(chart.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        String values = Files.readString(copy.resolve("values.yaml"));
        for (String key : List.of("adminToken", "dbPassword", "dbRootPassword", "s3SecretKey")) {
            values = values.replace("  " + key + ": \"\"", "  " + key + ": \"lint\"");
        }
        Files.writeString(copy.resolve("values.yaml"), values);
        assertThat(new ChartRenderer(copy).lint()).allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
    }

    @Test
    void chartRefusesAnUnknownRelayOrAlertProfile() {
        Map<String, String> values = new java.util.HashMap<>(CREDENTIALS);
        values.put("relay", "debezium-server");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CHART.template("firedrill", "shop", values))
                .hasMessageContaining("relay must be embedded or kafka-connect, not \"debezium-server\"");
        values.put("relay", "embedded");
        values.put("alertProfile", "staging");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CHART.template("firedrill", "shop", values))
                .hasMessageContaining("alertProfile must be demo or production");
    }

    @Test
    void chartRefusesToRenderWithoutCredentials() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CHART.template("firedrill", "shop", Map.of()))
                .hasMessageContaining("credentials.adminToken (or credentials.existingSecret) is required");
        List<JsonNode> objects = CHART.objects("firedrill", "shop", Map.of("credentials.existingSecret", "mine"));
        assertThat(ofKind(objects, "Secret")).noneSatisfy(s -> assertThat(s.at("/metadata/name").asText()).endsWith("-credentials"));
        assertThat(deployment(objects, "order-service").toString()).contains("\"secretKeyRef\":{\"name\":\"mine\"");
    }

    @Test
    void everyApplicationIsProbedOnItsManagementPortByActuator() {
        for (String app : APPLICATIONS) {
            JsonNode container = deployment(embedded, app).at("/spec/template/spec/containers/0");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).as(app).isEqualTo("/actuator/health/readiness");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).as(app).isEqualTo("/actuator/health/liveness");
            assertThat(container.at("/startupProbe/httpGet/port").asText()).as(app).isEqualTo("management");
            assertThat(names(container.path("ports"))).as(app).containsExactly("http", "management");
            assertThat(env(container)).as(app).containsEntry("MANAGEMENT_SERVER_ADDRESS", "0.0.0.0")
                    .containsEntry("SPRING_PROFILES_ACTIVE", "chaos-monkey");
            assertThat(container.at("/resources/requests/cpu").asText()).as(app + " is sized").isNotEmpty();
            assertThat(container.at("/resources/limits/memory").asText()).as(app + " is sized").isNotEmpty();
        }
    }

    @Test
    void managementPortsAreOnlyOnClusterIpServicesAndNothingIsExposedOutside() {
        for (JsonNode service : ofKind(embedded, "Service")) {
            assertThat(service.at("/spec/type").asText("ClusterIP")).as(service.at("/metadata/name").asText()).isEqualTo("ClusterIP");
            boolean management = names(service.at("/spec/ports")).contains("management");
            assertThat(service.at("/metadata/name").asText().endsWith("-management")).isEqualTo(management);
        }
        assertThat(kinds(embedded)).doesNotContain("Ingress", "Route", "HTTPRoute");
        JsonNode policy = ofKind(embedded, "NetworkPolicy").get(0);
        JsonNode managementRule = StreamSupport.stream(policy.at("/spec/ingress").spliterator(), false)
                .filter(rule -> rule.at("/ports/0/port").asText().equals("management")).findFirst().orElseThrow();
        assertThat(managementRule.path("from").size()).as("the management port admits only listed peers").isPositive();
    }

    @Test
    void everyServiceSelectsPodsOfARenderedWorkload() {
        List<JsonNode> podLabels = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet")) {
            ofKind(embedded, kind).forEach(w -> podLabels.add(w.at("/spec/template/metadata/labels")));
        }
        for (JsonNode service : ofKind(embedded, "Service")) {
            JsonNode selector = service.at("/spec/selector");
            assertThat(podLabels).as(service.at("/metadata/name").asText())
                    .anySatisfy(labels -> selector.fields().forEachRemaining(
                            e -> assertThat(labels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText())));
        }
    }

    /** A missing FIREDRILL_* endpoint fails a service's start (application.yml): the Deployment must give each one. */
    @Test
    void everyPlaceholderWithoutDefaultInTheServicesConfigurationIsSet() throws Exception {
        Pattern required = Pattern.compile("\\$\\{(FIREDRILL_[A-Z_]+)}");
        for (String app : APPLICATIONS) {
            Path yml = ROOT.resolve("services").resolve(app).resolve("src/main/resources/application.yml");
            Set<String> needed = new TreeSet<>(List.of("FIREDRILL_ZIPKIN_URL", "FIREDRILL_ADMIN_TOKEN"));
            Matcher m = required.matcher(Files.readString(yml));
            while (m.find()) {
                needed.add(m.group(1));
            }
            assertThat(env(deployment(embedded, app).at("/spec/template/spec/containers/0")).keySet()).as(app)
                    .containsAll(needed);
        }
    }

    @Test
    void kafkaTopicsAreTheContractsTopicsAndTheirDeadLetterTopics() {
        Set<String> topics = new TreeSet<>();
        ofKind(embedded, "KafkaTopic").forEach(t -> topics.add(t.at("/spec/topicName").asText()));
        Set<String> expected = new TreeSet<>(Topics.allWithDeadLetters());
        expected.add("cdc-relay.dlq");
        assertThat(topics).isEqualTo(expected);
    }

    @Test
    void embeddedRelayIsOneReplicaReplacedWithRecreateOnAVolume() {
        JsonNode relay = deployment(embedded, "cdc-relay");
        assertThat(relay.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(relay.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(env(relay.at("/spec/template/spec/containers/0"))).containsEntry("FIREDRILL_CDCRELAY_DATADIR", "/data");
        assertThat(ofKind(embedded, "KafkaConnector")).isEmpty();
    }

    @Test
    void kafkaConnectRelayRoutesEachOutboxWithCdcRelaysHeaders() {
        assertThat(ofKind(connect, "Deployment")).noneSatisfy(d -> assertThat(d.at("/metadata/name").asText()).endsWith("cdc-relay"));
        List<JsonNode> connectors = ofKind(connect, "KafkaConnector");
        Set<String> tables = new TreeSet<>();
        Set<Integer> serverIds = new HashSet<>();
        for (JsonNode connector : connectors) {
            JsonNode config = connector.at("/spec/config");
            String database = config.path("database.include.list").asText();
            tables.add(config.path("table.include.list").asText());
            serverIds.add(config.path("database.server.id").asInt());
            assertThat(config.path("transforms.outbox.type").asText()).isEqualTo("io.debezium.transforms.outbox.EventRouter");
            assertThat(config.path("transforms.outbox.route.by.field").asText()).isEqualTo("aggregatetype");
            assertThat(config.path("transforms.outbox.route.topic.replacement").asText()).isEqualTo("${routedByValue}");
            assertThat(config.path("transforms.outbox.table.field.event.key").asText()).isEqualTo("aggregateid");
            assertThat(config.path("value.converter").asText()).isEqualTo("org.apache.kafka.connect.storage.StringConverter");
            Set<String> headers = new TreeSet<>();
            for (String placement : config.path("transforms.outbox.table.fields.additional.placement").asText().split(",")) {
                String[] parts = placement.split(":");
                assertThat(parts[1]).isEqualTo("header");
                headers.add(parts[2]);
            }
            headers.add(config.path("transforms.sourceDb.header").asText());
            assertThat(headers).containsExactlyInAnyOrder(MessageHeaderNames.EVENT_ID, MessageHeaderNames.TYPE,
                    MessageHeaderNames.TRACEPARENT, MessageHeaderNames.TENANT_REGION, MessageHeaderNames.SCHEMA_VERSION,
                    MessageHeaderNames.AGGREGATE_TYPE, MessageHeaderNames.SOURCE_DB, MessageHeaderNames.WRITTEN_AT);
            assertThat(config.path("transforms.sourceDb.value.literal").asText()).isEqualTo(database);
            assertThat(connector.at("/metadata/labels/strimzi.io~1cluster").asText())
                    .isEqualTo(ofKind(connect, "KafkaConnect").get(0).at("/metadata/name").asText());
        }
        assertThat(tables).containsExactlyInAnyOrder("firedrill_order.outbox", "firedrill_inventory.outbox",
                "firedrill_payment.outbox", "firedrill_shipment.outbox", "firedrill_notification.outbox");
        assertThat(serverIds).hasSize(connectors.size()).doesNotContain(17106);
    }

    @Test
    void prometheusRulesAreTheChosenProfilesRuleFilesWithEveryAlert() throws Exception {
        for (var run : Map.of("production", embedded, "demo", connect).entrySet()) {
            Path dir = ROOT.resolve("alerting/rules").resolve(run.getKey());
            Set<String> expectedAlerts = new TreeSet<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    alerts(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()), expectedAlerts);
                }
            }
            Set<String> rendered = new TreeSet<>();
            ofKind(run.getValue(), "PrometheusRule").forEach(rule -> {
                assertThat(rule.at("/metadata/labels/firedrill.io~1alert-profile").asText()).isEqualTo(run.getKey());
                alerts(rule.path("spec"), rendered);
            });
            assertThat(rendered).as(run.getKey()).isNotEmpty().isEqualTo(expectedAlerts);
        }
    }

    @Test
    void alertmanagerConfigPostsToTheConfiguredSinkWithTheProfilesTimings() throws Exception {
        JsonNode secret = ofKind(connect, "Secret").stream()
                .filter(s -> s.at("/metadata/name").asText().startsWith("alertmanager-")).findFirst().orElseThrow();
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(secret.at("/stringData/alertmanager.yaml").asText());
        assertThat(config.at("/route/group_wait").asText()).isEqualTo("1s");
        assertThat(config.at("/receivers/0/webhook_configs/0/url").asText())
                .isEqualTo("http://firedrill-alert-sink:17095/api/notifications");
        assertThat(config.path("receivers")).hasSize(1);
    }

    @Test
    void dashboardsAreGrafanaConfigMapsOnTheConfiguredDataSource() throws Exception {
        List<JsonNode> dashboards = ofKind(embedded, "ConfigMap").stream()
                .filter(c -> c.at("/metadata/labels/grafana_dashboard").asText().equals("1")).toList();
        try (Stream<Path> files = Files.list(ROOT.resolve("dashboards/json"))) {
            assertThat(dashboards).hasSize((int) files.count());
        }
        for (JsonNode map : dashboards) {
            String json = map.path("data").elements().next().asText();
            JsonNode dashboard = new ObjectMapper().readTree(json);
            assertThat(dashboard.path("uid").asText()).startsWith("firedrill-");
            assertThat(json).doesNotContain("\"firedrill-prometheus\"").contains("\"prometheus\"");
        }
    }

    @Test
    void adminTokenIsASecretTheApplicationsRead() {
        JsonNode given = secret(connect);
        assertThat(given.at("/stringData/admin-token").asText()).isEqualTo("given-token");
        JsonNode tokenRef = StreamSupport.stream(deployment(embedded, "order-service")
                        .at("/spec/template/spec/containers/0/env").spliterator(), false)
                .filter(e -> e.path("name").asText().equals("FIREDRILL_ADMIN_TOKEN")).findFirst().orElseThrow();
        assertThat(tokenRef.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("admin-token");
    }

    private static void alerts(JsonNode ruleFile, Set<String> into) {
        for (JsonNode group : ruleFile.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                into.add(rule.has("alert") ? "alert:" + rule.path("alert").asText() : "record:" + rule.path("record").asText());
            }
        }
    }

    private static JsonNode secret(List<JsonNode> objects) {
        return ofKind(objects, "Secret").stream()
                .filter(s -> s.at("/metadata/name").asText().endsWith("-credentials")).findFirst().orElseThrow();
    }

    private static JsonNode deployment(List<JsonNode> objects, String app) {
        return ofKind(objects, "Deployment").stream()
                .filter(d -> d.at("/metadata/name").asText().equals("firedrill-" + app)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment firedrill-" + app));
    }

    private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static Set<String> kinds(List<JsonNode> objects) {
        Set<String> kinds = new TreeSet<>();
        objects.forEach(o -> kinds.add(o.path("kind").asText()));
        return kinds;
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText("")));
        return env;
    }
}
