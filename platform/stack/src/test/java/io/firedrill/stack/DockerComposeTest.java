package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and the files it mounts (Loki, the log shipper, Grafana's provisioning, the dashboards) refer to
 * each other by path, service name, port and datasource uid; nothing runs them here (no Docker engine), so a renamed
 * file, port or uid would only show on a Docker user's machine. This reads them all and checks every reference, each
 * failure naming the file and the key.
 */
class DockerComposeTest {

    /** A real order-service line (.firedrill/order-service/order-service.log): the fields the shipper and Grafana use. */
    private static final String LOG_LINE = """
            {"@timestamp":"2026-12-07T19:48:17.044031986Z","log":{"level":"INFO","logger":"io.firedrill.order.saga.SagaMoves"},\
            "process":{"pid":24903,"thread":{"name":"main"}},"service":{"name":"order-service","version":"0.1.0-SNAPSHOT",\
            "node":{}},"message":"order 7468d283-5619-45be-8310-aa349854d79d completed",\
            "trace_id":"33be1bb9433311c5fe41616761a083ac","event_id":"6bab556d-3612-41ae-95b1-fbb6c8a6e81f",\
            "span_id":"7f8e9f08885f7842","order_id":"7468d283-5619-45be-8310-aa349854d79d","tenant_region":"us-east",\
            "ecs":{"version":"8.11"}}""";

    /** Host paths outside the repository that a compose file may mount. */
    private static final Set<String> HOST_PATHS = Set.of("/var/run/docker.sock");

    /** Datasource uids Grafana defines itself. */
    private static final Set<String> BUILT_IN_UIDS = Set.of("grafana", "-- Grafana --", "-- Mixed --", "-- Dashboard --");

    private static final String COMPOSE = "docker-compose.yml";
    private static final String DATASOURCES = "dashboards/provisioning/datasources";

    private Path root;
    private Map<String, Object> compose;
    private Map<String, Map<String, Object>> services;

    @BeforeEach
    void readCompose() throws IOException {
        root = StackLayout.locateProjectRoot(Path.of(""));
        compose = yaml(COMPOSE);
        services = new LinkedHashMap<>();
        map(compose, COMPOSE, "services").forEach((name, body) -> services.put(name, asMap(body, COMPOSE, "services." + name)));
    }

    @Test
    void everyBindMountedHostPathExistsInTheRepository() {
        Set<String> namedVolumes = compose.get("volumes") instanceof Map<?, ?> v ? stringKeys(v) : Set.of();
        services.forEach((name, service) -> mounts(name, service).forEach(mount -> {
            String key = "services." + name + ".volumes " + mount.source();
            if (mount.source().startsWith("./")) {
                Path path = root.resolve(mount.source().substring(2)).normalize();
                int target = mount.source().indexOf("/target");
                if (target > 0) {
                    // A build output (mvn package makes it): the module that builds it must exist.
                    Path module = root.resolve(mount.source().substring(2, target));
                    assertThat(module.resolve("pom.xml")).as("%s: %s: no Maven module builds it", COMPOSE, key).isRegularFile();
                } else {
                    assertThat(path).as("%s: %s: missing in the repository", COMPOSE, key).exists();
                }
            } else if (mount.source().startsWith("/")) {
                assertThat(HOST_PATHS).as("%s: %s: a host path outside the repository", COMPOSE, key).contains(mount.source());
            } else {
                assertThat(namedVolumes).as("%s: %s: named volume not declared under top-level volumes", COMPOSE, key)
                        .contains(mount.source());
            }
        }));
    }

    @Test
    void lokiReadsItsMountedConfigAndStoresStructuredMetadata() throws IOException {
        String loki = serviceByImage("grafana/loki");
        String config = mountedConfig(loki, "-config.file=");
        Map<String, Object> lokiConfig = yaml(config);

        assertThat(path(lokiConfig, "server.http_listen_port")).as("%s: server.http_listen_port", config).isInstanceOf(Integer.class);
        assertThat(path(lokiConfig, "limits_config.allow_structured_metadata"))
                .as("%s: limits_config.allow_structured_metadata (the shipper sends order_id and trace_id as structured metadata)", config)
                .isEqualTo(true);
        List<?> schemas = list(asMap(lokiConfig.get("schema_config"), config, "schema_config"), config, "schema_config.configs");
        Map<String, Object> latest = asMap(schemas.get(schemas.size() - 1), config, "schema_config.configs[-1]");
        assertThat(latest.get("schema")).as("%s: schema_config.configs[-1].schema (structured metadata needs v13)", config).isEqualTo("v13");
        assertThat(latest.get("store")).as("%s: schema_config.configs[-1].store", config).isEqualTo("tsdb");
    }

    @Test
    void shipperPushesToTheComposeLokiServiceAtLokisListenPort() throws IOException {
        String loki = serviceByImage("grafana/loki");
        Object lokiPort = path(yaml(mountedConfig(loki, "-config.file=")), "server.http_listen_port");
        String shipperName = serviceByImage("grafana/alloy");
        String shipper = mountedConfig(shipperName, null);
        List<?> clients = list(yaml(shipper), shipper, "clients");

        assertThat(clients).as("%s: clients", shipper).isNotEmpty();
        for (int i = 0; i < clients.size(); i++) {
            URI url = URI.create((String) asMap(clients.get(i), shipper, "clients[" + i + "]").get("url"));
            String key = "clients[" + i + "].url " + url;
            assertThat(url.getHost()).as("%s: %s: host is not the compose Loki service", shipper, key).isEqualTo(loki);
            assertThat(url.getPort()).as("%s: %s: port is not Loki's server.http_listen_port", shipper, key).isEqualTo(lokiPort);
            assertThat(url.getPath()).as("%s: %s: path", shipper, key).isEqualTo("/loki/api/v1/push");
        }
        assertThat(services.get(shipperName).get("network_mode"))
                .as("%s: services.%s.network_mode: on the host network the name %s does not resolve", COMPOSE, shipperName, loki)
                .isNull();
        assertThat(services.get(shipperName).get("depends_on").toString())
                .as("%s: services.%s.depends_on", COMPOSE, shipperName).contains(loki);
    }

    @Test
    void shipperLabelsServiceAndTenantRegionAndKeepsOrderIdAndTraceIdOutOfTheIndex() throws IOException {
        String shipper = mountedConfig(serviceByImage("grafana/alloy"), null);
        Map<String, Object> scrape = asMap(list(yaml(shipper), shipper, "scrape_configs").get(0), shipper, "scrape_configs[0]");
        assertThat(scrape.get("docker_sd_configs").toString())
                .as("%s: scrape_configs[0].docker_sd_configs filters the compose project (name: in %s)", shipper, COMPOSE)
                .contains("com.docker.compose.project=" + compose.get("name"));

        Map<String, Map<String, Object>> stages = new LinkedHashMap<>();
        List<?> pipeline = list(scrape, shipper, "scrape_configs[0].pipeline_stages");
        for (Object stage : pipeline) {
            asMap(stage, shipper, "pipeline_stages").forEach((type, body) ->
                    stages.put(type, body == null ? Map.of() : asMap(body, shipper, "pipeline_stages." + type)));
        }
        String json = "scrape_configs[0].pipeline_stages.json.expressions";
        Map<String, Object> expressions = asMap(stages.getOrDefault("json", Map.of()).get("expressions"), shipper, json);
        Map<String, Object> line = new Yaml().load(LOG_LINE);
        for (String field : List.of("service", "tenant_region", "order_id", "trace_id", "timestamp")) {
            assertThat(expressions).as("%s: %s.%s", shipper, json, field).containsKey(field);
            String expression = expressions.get(field) == null ? field : expressions.get(field).toString();
            assertThat(jsonPath(line, expression)).as("%s: %s.%s = %s: no such field in a service's log line", shipper, json, field, expression)
                    .isNotNull();
        }
        assertThat(jsonPath(line, expressions.get("service").toString())).as("%s: %s.service", shipper, json).isEqualTo("order-service");

        String labels = "scrape_configs[0].pipeline_stages.labels";
        assertThat(stages).as("%s: %s", shipper, labels).containsKey("labels");
        assertThat(stages.get("labels")).as("%s: %s", shipper, labels).containsKeys("service", "tenant_region")
                .as("%s: %s: order_id and trace_id are one value per order (unbounded streams)", shipper, labels)
                .doesNotContainKeys("order_id", "trace_id");
        String metadata = "scrape_configs[0].pipeline_stages.structured_metadata";
        assertThat(stages).as("%s: %s", shipper, metadata).containsKey("structured_metadata");
        assertThat(stages.get("structured_metadata")).as("%s: %s", shipper, metadata).containsKeys("order_id", "trace_id");
    }

    @Test
    void everyDatasourceUidThatADatasourceOrDashboardUsesIsProvisioned() throws IOException {
        Map<String, String> uids = new HashMap<>();
        List<Reference> references = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> ds : datasources().entrySet()) {
            String file = ds.getValue().get("$file").toString();
            String uid = (String) ds.getValue().get("uid");
            assertThat(uid).as("%s: datasources[%s].uid", file, ds.getKey()).isNotBlank();
            assertThat(uids.put(uid, file)).as("%s: datasources[%s].uid %s is provisioned twice", file, ds.getKey(), uid).isNull();
            Map<String, Object> jsonData = ds.getValue().get("jsonData") instanceof Map<?, ?> m ? asMap(m, file, "jsonData") : Map.of();
            if (jsonData.get("derivedFields") instanceof List<?> fields) {
                for (int i = 0; i < fields.size(); i++) {
                    Map<String, Object> field = asMap(fields.get(i), file, "derivedFields");
                    if (field.get("datasourceUid") != null) {
                        references.add(new Reference(file, "datasources[" + ds.getKey() + "].jsonData.derivedFields[" + i + "].datasourceUid",
                                field.get("datasourceUid").toString()));
                    }
                }
            }
            for (String link : List.of("tracesToLogs", "tracesToLogsV2", "tracesToMetrics")) {
                if (jsonData.get(link) instanceof Map<?, ?> m && m.get("datasourceUid") != null) {
                    references.add(new Reference(file, "datasources[" + ds.getKey() + "].jsonData." + link + ".datasourceUid",
                            m.get("datasourceUid").toString()));
                }
            }
        }
        assertThat(uids).as("%s: uid firedrill-prometheus (every dashboard panel uses it)", DATASOURCES).containsKey("firedrill-prometheus");
        assertThat(references).as("%s: the Loki -> Zipkin and Zipkin -> Loki links", DATASOURCES).hasSizeGreaterThanOrEqualTo(2);

        try (Stream<Path> files = Files.list(root.resolve("dashboards/json"))) {
            for (Path dashboard : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                collectDashboardUids(new ObjectMapper().readTree(dashboard.toFile()), "", root.relativize(dashboard).toString(), references);
            }
        }
        for (Reference reference : references) {
            assertThat(uids.keySet()).as("%s: %s = %s: no provisioned datasource has this uid", reference.file(), reference.key(), reference.uid())
                    .contains(reference.uid());
        }
    }

    @Test
    void lokiDerivedFieldFindsTheTraceIdOfALogLine() throws IOException {
        Map<String, Object> loki = datasourceOfType("loki");
        String file = loki.get("$file").toString();
        List<?> fields = list(asMap(loki.get("jsonData"), file, "jsonData"), file, "jsonData.derivedFields");
        Map<String, Object> trace = asMap(fields.get(0), file, "jsonData.derivedFields[0]");
        String key = "jsonData.derivedFields[0].matcherRegex";
        Matcher matcher = Pattern.compile(trace.get("matcherRegex").toString()).matcher(LOG_LINE);

        assertThat(matcher.find()).as("%s: %s does not match a service's log line", file, key).isTrue();
        assertThat(matcher.group(1)).as("%s: %s captures", file, key).isEqualTo("33be1bb9433311c5fe41616761a083ac");
        // Grafana expands $VAR in provisioning files: the link must be written $${...} to reach it as ${__value.raw}.
        assertThat(trace.get("url")).as("%s: jsonData.derivedFields[0].url", file).isEqualTo("$${__value.raw}");
        Map<String, Object> zipkin = datasourceOfType("zipkin");
        assertThat(path(zipkin, "jsonData.tracesToLogsV2.query").toString())
                .as("%s: jsonData.tracesToLogsV2.query filters the Loki lines by the shipper's trace_id", zipkin.get("$file"))
                .contains("trace_id=\"$${__trace.traceId}\"");
    }

    @Test
    void grafanaDatasourcesPointAtPortsThatTheirComposeServicesListenOn() throws IOException {
        String grafana = serviceByImage("grafana/grafana");
        assertThat(services.get(grafana).get("network_mode")).as("%s: services.%s.network_mode (datasource URLs assume it)", COMPOSE, grafana)
                .isEqualTo("host");
        Map<String, String> images = Map.of("loki", "grafana/loki", "zipkin", "openzipkin/zipkin", "prometheus", "prom/prometheus");
        Map<String, Integer> containerPorts = new HashMap<>();
        containerPorts.put("loki", (Integer) path(yaml(mountedConfig(serviceByImage("grafana/loki"), "-config.file=")), "server.http_listen_port"));
        containerPorts.put("zipkin", 9411);
        for (Map.Entry<String, String> type : images.entrySet()) {
            Map<String, Object> ds = datasourceOfType(type.getKey());
            String key = "datasources[" + ds.get("name") + "].url " + ds.get("url");
            URI url = URI.create(ds.get("url").toString());
            assertThat(url.getHost()).as("%s: %s: Grafana is on the host network, compose names do not resolve there", ds.get("$file"), key)
                    .isEqualTo("127.0.0.1");
            String service = serviceByImage(type.getValue());
            Optional<Published> published = published(service).stream().filter(p -> p.hostPort() == url.getPort()).findFirst();
            if (published.isPresent()) {
                assertThat(published.get().containerPort()).as("%s: %s: %s publishes the port to another container port", ds.get("$file"), key, service)
                        .isEqualTo(containerPorts.get(type.getKey()));
            } else {
                assertThat(commandLine(services.get(service))).as("%s: %s: %s neither publishes nor listens on port %d",
                        ds.get("$file"), key, service, url.getPort()).contains("listen-address=127.0.0.1:" + url.getPort());
            }
        }
    }

    @Test
    void grafanaLoadsTheProvisioningAndTheDashboardsFromTheirMounts() throws IOException {
        String grafana = serviceByImage("grafana/grafana");
        List<Mount> mounts = mounts(grafana, services.get(grafana));
        assertThat(mounts).as("%s: services.%s.volumes: ./dashboards/provisioning at /etc/grafana/provisioning", COMPOSE, grafana)
                .contains(new Mount("./dashboards/provisioning", "/etc/grafana/provisioning"));
        String providers = "dashboards/provisioning/dashboards/firedrill.yml";
        for (Object provider : list(yaml(providers), providers, "providers")) {
            Object path = path(asMap(provider, providers, "providers[]"), "options.path");
            assertThat(mounts).as("%s: providers[].options.path %s: services.%s.volumes mounts ./dashboards/json elsewhere",
                    providers, path, grafana).contains(new Mount("./dashboards/json", String.valueOf(path)));
        }
    }

    @Test
    void shipperReadsTheDockerSocketItMounts() throws IOException {
        String shipperName = serviceByImage("grafana/alloy");
        String shipper = mountedConfig(shipperName, null);
        Map<String, Object> scrape = asMap(list(yaml(shipper), shipper, "scrape_configs").get(0), shipper, "scrape_configs[0]");
        Map<String, Object> sd = asMap(list(scrape, shipper, "docker_sd_configs").get(0), shipper, "scrape_configs[0].docker_sd_configs[0]");
        String host = String.valueOf(sd.get("host"));
        assertThat(host).as("%s: scrape_configs[0].docker_sd_configs[0].host", shipper).startsWith("unix://");
        assertThat(mounts(shipperName, services.get(shipperName))).extracting(Mount::target)
                .as("%s: services.%s.volumes: the socket %s is not mounted", COMPOSE, shipperName, host)
                .contains(host.substring("unix://".length()));
    }

    @Test
    void everyPublishedPortIsTakenOnceAndLokiKeepsClearOfTheEmbeddedStacksPorts() {
        Map<Integer, String> taken = new HashMap<>();
        services.keySet().forEach(name -> published(name).forEach(p -> {
            String other = taken.put(p.hostPort(), name);
            assertThat(other).as("%s: services.%s.ports %d is also published by %s", COMPOSE, name, p.hostPort(), other).isNull();
        }));
        Ports ports = new Ports(Ports.DEFAULT_BASE);
        Set<Integer> embedded = new TreeSet<>(ports.infrastructure().values());
        for (int i = 0; i < 10; i++) {
            embedded.add(ports.service(i));
            embedded.add(ports.management(i));
        }
        embedded.add(ports.trafficMetrics());
        for (String extra : List.of("grafana/loki")) {
            String service = serviceByImage(extra);
            published(service).forEach(p -> assertThat(embedded)
                    .as("%s: services.%s.ports %d: taken by the embedded stack (Ports)", COMPOSE, service, p.hostPort())
                    .doesNotContain(p.hostPort()));
        }
    }

    // --- reading ---------------------------------------------------------------------------------------------------

    private record Mount(String source, String target) {}

    private record Published(int hostPort, int containerPort) {}

    private record Reference(String file, String key, String uid) {}

    private Map<String, Object> yaml(String relative) throws IOException {
        Path file = root.resolve(relative);
        assertThat(file).as("%s: missing", relative).isRegularFile();
        try (Reader reader = Files.newBufferedReader(file)) {
            Object loaded = new Yaml().load(reader);
            return asMap(loaded, relative, "(document)");
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            return fail("%s does not parse as YAML: %s", relative, e.getMessage());
        }
    }

    /** The provisioned datasources of every file under dashboards/provisioning/datasources, by name, each with "$file". */
    private Map<String, Map<String, Object>> datasources() throws IOException {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(root.resolve(DATASOURCES))) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
                String relative = root.relativize(file).toString();
                List<?> list = list(yaml(relative), relative, "datasources");
                for (int i = 0; i < list.size(); i++) {
                    Map<String, Object> ds = new LinkedHashMap<>(asMap(list.get(i), relative, "datasources[" + i + "]"));
                    ds.put("$file", relative);
                    byName.put(String.valueOf(ds.get("name")), ds);
                }
            }
        }
        return byName;
    }

    private Map<String, Object> datasourceOfType(String type) throws IOException {
        return datasources().values().stream().filter(ds -> type.equals(ds.get("type"))).findFirst()
                .orElseGet(() -> fail("%s: no datasource of type %s", DATASOURCES, type));
    }

    private String serviceByImage(String image) {
        return services.entrySet().stream()
                .filter(s -> String.valueOf(s.getValue().get("image")).startsWith(image + ":"))
                .map(Map.Entry::getKey).findFirst()
                .orElseGet(() -> fail("%s: services: none runs image %s (pinned, image:tag)", COMPOSE, image));
    }

    /**
     * The repository file that service reads as its config: the argument after {@code flag} (or the last argument)
     * (a null flag) of its command must be the target of one of its bind mounts.
     */
    private String mountedConfig(String service, String flag) {
        String command = commandLine(services.get(service));
        String[] words = command.trim().split("\\s+");
        String target = flag != null
                ? Stream.of(words).filter(w -> w.startsWith(flag)).map(w -> w.substring(flag.length())).findFirst()
                        .orElseGet(() -> fail("%s: services.%s.command has no %s", COMPOSE, service, flag))
                : words[words.length - 1];
        return mounts(service, services.get(service)).stream().filter(m -> m.target().equals(target) && m.source().startsWith("./"))
                .map(m -> m.source().substring(2)).findFirst()
                .orElseGet(() -> fail("%s: services.%s.command reads %s, which no services.%s.volumes entry mounts",
                        COMPOSE, service, target, service));
    }

    private static String commandLine(Map<String, Object> service) {
        StringBuilder line = new StringBuilder();
        for (String key : List.of("entrypoint", "command")) {
            Object value = service.get(key);
            if (value instanceof List<?> l) {
                l.forEach(w -> line.append(' ').append(w));
            } else if (value != null) {
                line.append(' ').append(value);
            }
        }
        return line.toString();
    }

    private static List<Mount> mounts(String name, Map<String, Object> service) {
        List<Mount> mounts = new ArrayList<>();
        if (service.get("volumes") instanceof List<?> volumes) {
            for (Object volume : volumes) {
                if (volume instanceof String s) {
                    String[] parts = s.split(":");
                    assertThat(parts.length).as("%s: services.%s.volumes %s: want source:target[:mode]", COMPOSE, name, s).isGreaterThanOrEqualTo(2);
                    mounts.add(new Mount(parts[0], parts[1]));
                } else if (volume instanceof Map<?, ?> m) {
                    mounts.add(new Mount(String.valueOf(m.get("source")), String.valueOf(m.get("target"))));
                }
            }
        }
        return mounts;
    }

    private List<Published> published(String name) {
        List<Published> published = new ArrayList<>();
        if (services.get(name).get("ports") instanceof List<?> ports) {
            for (Object port : ports) {
                String[] parts = port.toString().split(":");
                assertThat(parts.length).as("%s: services.%s.ports %s: want 127.0.0.1:host:container", COMPOSE, name, port).isEqualTo(3);
                assertThat(parts[0]).as("%s: services.%s.ports %s: loopback only", COMPOSE, name, port).isEqualTo("127.0.0.1");
                published.add(new Published(Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
            }
        }
        return published;
    }

    /** The shipper's JMESPath subset: dotted names, a name with '@' or '.' in double quotes. */
    private static Object jsonPath(Map<String, Object> line, String expression) {
        Object node = line;
        Matcher part = Pattern.compile("\"([^\"]+)\"|([^.\"]+)").matcher(expression);
        while (part.find()) {
            String name = part.group(1) != null ? part.group(1) : part.group(2);
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(name);
        }
        return node;
    }

    private static void collectDashboardUids(JsonNode node, String at, String file, List<Reference> references) {
        if (node.isObject()) {
            JsonNode ds = node.get("datasource");
            if (ds != null && ds.isObject() && ds.hasNonNull("uid") && !BUILT_IN_UIDS.contains(ds.get("uid").asText())) {
                references.add(new Reference(file, at + ".datasource.uid", ds.get("uid").asText()));
            }
            node.properties().forEach(e -> collectDashboardUids(e.getValue(), at + "." + e.getKey(), file, references));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectDashboardUids(node.get(i), at + "[" + i + "]", file, references);
            }
        }
    }

    private static Object path(Map<String, Object> map, String dotted) {
        Object node = map;
        for (String name : dotted.split("\\.")) {
            node = node instanceof Map<?, ?> m ? m.get(name) : null;
        }
        return node;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String file, String key) {
        return asMap(parent.get(key), file, key);
    }

    private static List<?> list(Map<String, Object> parent, String file, String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        Object value = parent.get(last);
        if (!(value instanceof List<?> l)) {
            return fail("%s: %s: want a list, got %s", file, key, value);
        }
        return l;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String file, String key) {
        if (!(value instanceof Map<?, ?>)) {
            return fail("%s: %s: want a mapping, got %s", file, key, value);
        }
        return (Map<String, Object>) value;
    }

    private static Set<String> stringKeys(Map<?, ?> map) {
        Set<String> keys = new TreeSet<>();
        map.keySet().forEach(k -> keys.add(String.valueOf(k)));
        return keys;
    }
}
