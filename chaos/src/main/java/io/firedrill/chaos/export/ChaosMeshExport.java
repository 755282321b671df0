package io.firedrill.chaos.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.model.Activity;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.provider.ChaosMonkeyProvider;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.stack.component.SpringService;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scenario as Chaos Mesh resources for a cluster installed with deploy/helm/firedrill: each lever of the mode that has a
 * Kubernetes equivalent becomes a whole resource, and every other action is listed with the reason, never half exported.
 * <ul>
 *   <li>{@code stack kill} of a component the chart deploys: a PodChaos {@code pod-kill} (grace period 0, kill -9) on its
 *       pods. Kubernetes starts them again at once, where the embedded stack keeps them down until {@code stack up};</li>
 *   <li>{@code stack replica-delay}: a NetworkChaos delaying what the replica pod sends to the primary pod by the same
 *       seconds, so the replica applies the binlog that much later (the embedded stack sets MASTER_DELAY);</li>
 *   <li>a chaos-monkey latency (one value) or exception assault: a JVMChaos per public method of each bean the service's
 *       chaos-monkey profile watches ({@link WatchedBeans}), for the fault window. When a watched bean has no class to
 *       name, or the latency is a range, the assault stays what it is on the stack, a call of the service's chaos-monkey
 *       actuator endpoint (the pods run the chaos-monkey profile) in the Job below;</li>
 *   <li>{@code http} calls to a service's API or management port (the runtime settings, the producer endpoint): one Job
 *       that makes them with the release's admin token and makes the scenario's settings rollbacks on exit, whatever
 *       happened (trap), after the fault window;</li>
 *   <li>with a cron schedule (the nightly), each chaos resource is wrapped in a Schedule and the Job becomes a CronJob.</li>
 * </ul>
 * Probes, traffic, SQL, Kafka consumer-group rewinds, signals and sleeps have no Chaos Mesh equivalent: they are listed.
 */
public final class ChaosMeshExport {

    static final String CHAOS_API = "chaos-mesh.org/v1alpha1";

    /**
     * Where the chart's objects are and how to run the export.
     *
     * @param release       the Helm release the chart was installed as (names its Services and pods)
     * @param namespace     its namespace
     * @param schedule      a cron schedule (Schedule and CronJob), or null for a single run
     * @param faultDuration how long a NetworkChaos lasts and how long the Job waits before its rollbacks
     * @param jobImage      an image with sh and curl, for the settings Job
     * @param adminSecret   the Secret holding the admin token (key admin-token): the chart's {@code <release>-credentials},
     *                      or the one given as its credentials.existingSecret
     */
    public record Options(String release, String namespace, String schedule, Duration faultDuration, String jobImage,
            String adminSecret) {
        public Options {
            adminSecret = adminSecret == null || adminSecret.isBlank() ? release + "-credentials" : adminSecret;
        }

        public static Options defaults() {
            return new Options("firedrill", "firedrill", null, Duration.ofSeconds(60), "curlimages/curl", null);
        }
    }

    /** An action of the scenario that no resource carries, and why. */
    public record Skipped(String phase, String step, String lever, String reason) {
        @Override
        public String toString() {
            return phase + ": \"" + step + "\" (" + lever + "): " + reason;
        }
    }

    /** The resources, in apply order, and what was not exported. */
    public record Result(List<Map<String, Object>> resources, List<Skipped> skipped) {
        /** The resources as one multi-document YAML stream, the skipped steps listed in a comment at its head. */
        public String yaml(String title) {
            StringBuilder out = new StringBuilder("# Chaos Mesh export of ").append(title).append('\n');
            if (skipped.isEmpty()) {
                out.append("# every action of the mode is exported\n");
            } else {
                out.append("# not exported (no Chaos Mesh equivalent):\n");
                skipped.forEach(s -> out.append("#   ").append(s.toString().replace("\n", " ")).append('\n'));
            }
            for (Map<String, Object> resource : resources) {
                try {
                    out.append(YAML.writeValueAsString(resource));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out.toString();
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path projectRoot;
    private final Options options;

    /** {@code projectRoot}: the checkout, whose services' sources name the classes chaos-monkey watches. */
    public ChaosMeshExport(Path projectRoot, Options options) {
        this.projectRoot = projectRoot;
        this.options = options;
    }

    /** Exports {@code mode} of {@code file}; an unknown mode is an IllegalArgumentException. */
    public Result export(ScenarioFile file, String mode) {
        Scenario scenario = file.scenario();
        Scenario.Mode chosen = scenario.modes().get(mode);
        if (chosen == null) {
            throw new IllegalArgumentException("scenario '" + file.name() + "' has no mode '" + mode + "'; known: "
                    + String.join(", ", scenario.modes().keySet()));
        }
        Map<String, String> variables = variables(chosen.variables());
        String prefix = dnsName(file.name() + "-" + mode);
        List<Map<String, Object>> chaos = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        List<String> rollbackCalls = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        int probes = 0;
        for (Activity step : scenario.method()) {
            if (!step.appliesTo(mode)) {
                continue;
            }
            if (!"action".equals(step.type())) {
                probes++;
                continue;
            }
            export(step, "method", variables, prefix + "-" + (chaos.size() + 1), chaos, calls, skipped);
        }
        for (Activity step : scenario.rollbacks()) {
            if (step.appliesTo(mode)) {
                export(step, "rollback", variables, prefix, null, rollbackCalls, skipped);
            }
        }
        if (probes > 0) {
            skipped.add(new Skipped("method", probes + " probe(s)", "probe", "observations, not levers: run "
                    + "`firedrill-chaos run` against the cluster's endpoints, or watch the dashboards"));
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Map<String, Object> resource : chaos) {
            resources.add(options.schedule() == null ? resource : schedule(resource));
        }
        if (!calls.isEmpty() || !rollbackCalls.isEmpty()) {
            resources.add(0, settingsJob(prefix + "-settings", calls, rollbackCalls));
        }
        return new Result(resources, skipped);
    }

    /** Adds {@code step}'s resource or call, or lists it; {@code chaos} is null for rollbacks (no resource then). */
    private void export(Activity step, String phase, Map<String, String> variables, String name,
            List<Map<String, Object>> chaos, List<String> calls, List<Skipped> skipped) {
        String type = step.providerType();
        Map<String, Object> args = step.provider();
        String lever = lever(step);
        try {
            switch (type) {
                case "http" -> calls.add(httpCall(args, variables));
                case "chaos-monkey" -> {
                    List<Map<String, Object>> jvm = chaos == null ? List.of() : jvmChaos(name, args);
                    if (jvm.isEmpty()) {
                        calls.add(chaosMonkeyCall(args, variables));
                    } else {
                        chaos.addAll(jvm);
                    }
                }
                case "stack" -> {
                    String action = String.valueOf(args.get("action"));
                    if (chaos != null && action.equals("kill")) {
                        chaos.add(podKill(name + "-kill", String.valueOf(args.get("component"))));
                    } else if (chaos != null && action.equals("replica-delay")) {
                        chaos.add(replicaDelay(name + "-replica-delay", Integer.parseInt(String.valueOf(args.get("seconds")))));
                    } else if (action.equals("up")) {
                        throw new NoEquivalent("Kubernetes starts killed pods again by itself");
                    } else if (action.equals("replica-restore")) {
                        throw new NoEquivalent("the replica-delay NetworkChaos ends after its duration ("
                                + options.faultDuration().toSeconds() + " s) or when it is deleted");
                    } else {
                        throw new NoEquivalent("firedrill-stack's '" + action + "' acts on local processes");
                    }
                }
                case "kafka" -> throw new NoEquivalent("rewinds a consumer group: run kafka-consumer-groups.sh in a broker pod");
                case "traffic" -> throw new NoEquivalent("traffic, not a fault: run the synthetic-data generator against the order-service Service");
                case "sql" -> throw new NoEquivalent("SQL on the stack's databases: run it with mariadb in the MariaDB primary pod");
                case "sleep" -> throw new NoEquivalent("the runner's pacing: the Job waits the fault window ("
                        + options.faultDuration().toSeconds() + " s) before its rollbacks");
                case "signal" -> throw new NoEquivalent("raises the local alert sink's test signal, which the chart does not deploy");
                default -> throw new NoEquivalent("no Chaos Mesh equivalent for provider type '" + type + "'");
            }
        } catch (NoEquivalent e) {
            skipped.add(new Skipped(phase, step.name(), lever, e.getMessage()));
        } catch (IllegalArgumentException e) {
            skipped.add(new Skipped(phase, step.name(), lever, "cannot be expressed in the cluster: " + e.getMessage()));
        }
    }

    /** The in-cluster values of the scenario's placeholders; the stack's own endpoints are deliberately absent. */
    Map<String, String> variables(Map<String, String> modeVariables) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (SpringService.Spec service : SpringService.ALL) {
            String name = RunContext.variableName(service);
            vars.put(name + ".url", "http://" + options.release() + "-" + service.name() + ":8080");
            vars.put(name + ".admin", "http://" + options.release() + "-" + service.name() + "-management:8081");
        }
        vars.putAll(modeVariables);
        return vars;
    }

    private String httpCall(Map<String, Object> args, Map<String, String> variables) throws NoEquivalent {
        String url = RunContext.substitute(String.valueOf(args.get("url")), variables);
        String method = String.valueOf(args.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
        Object body = args.get("body") == null ? null : RunContext.resolve(args.get("body"), variables);
        return call(method, url, body, "admin".equals(args.get("auth")));
    }

    private String chaosMonkeyCall(Map<String, Object> args, Map<String, String> variables) throws NoEquivalent {
        String service = ChaosMonkeyProvider.service(args);
        Map<String, Object> settings = ChaosMonkeyProvider.assaultSettings(args);
        return call("POST", variables.get(service + ".admin") + "/actuator/chaosmonkey/assaults", settings, true);
    }

    private static String call(String method, String url, Object body, boolean admin) throws NoEquivalent {
        if (!url.startsWith("http://")) {
            throw new NoEquivalent("calls " + url + ", not a Service of the chart");
        }
        String json;
        try {
            json = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return "call " + method + " " + shellQuote(url) + " " + (admin ? "admin" : "anonymous")
                + (json.isEmpty() ? "" : " " + shellQuote(json));
    }

    /**
     * The assault as JVMChaos, one per watched method; empty when it has no such equivalent (a latency range, a watched
     * bean without a class, the "off" assault).
     */
    private List<Map<String, Object>> jvmChaos(String name, Map<String, Object> args) {
        String service = ChaosMonkeyProvider.service(args);
        Map<String, Object> settings = ChaosMonkeyProvider.assaultSettings(args);
        Map<String, Object> fault = new LinkedHashMap<>();
        if (Boolean.TRUE.equals(settings.get("latencyActive"))) {
            if (!settings.get("latencyRangeStart").equals(settings.get("latencyRangeEnd"))) {
                return List.of();
            }
            fault.put("action", "latency");
            fault.put("latency", ((Number) settings.get("latencyRangeStart")).intValue());
        } else if (Boolean.TRUE.equals(settings.get("exceptionsActive"))) {
            fault.put("action", "exception");
            // chaos-monkey's default exception assault: a RuntimeException.
            fault.put("exception", "java.lang.RuntimeException(\"Chaos Monkey - RuntimeException\")");
        } else {
            return List.of();
        }
        List<WatchedBeans.Target> targets = WatchedBeans.of(projectRoot, service).orElse(List.of());
        List<Map<String, Object>> resources = new ArrayList<>();
        for (WatchedBeans.Target target : targets) {
            String simpleName = target.className().substring(target.className().lastIndexOf('.') + 1);
            for (String method : target.methods()) {
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("action", fault.get("action"));
                spec.put("mode", "all");
                spec.put("selector", Map.of("namespaces", List.of(options.namespace()), "labelSelectors",
                        Map.of("app.kubernetes.io/instance", options.release(), "app.kubernetes.io/name", service + "-service")));
                spec.put("class", target.className());
                spec.put("method", method);
                fault.forEach((k, v) -> { if (!k.equals("action")) spec.put(k, v); });
                spec.put("duration", options.faultDuration().toSeconds() + "s");
                resources.add(chaosResource("JVMChaos", dnsName(name + "-jvm-" + simpleName + "-" + method, 63), spec));
            }
        }
        return resources;
    }

    private Map<String, Object> podKill(String name, String component) throws NoEquivalent {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("action", "pod-kill");
        spec.put("mode", "all");
        spec.put("gracePeriod", 0);
        spec.put("selector", selector(component));
        return chaosResource("PodChaos", name, spec);
    }

    private Map<String, Object> replicaDelay(String name, int seconds) {
        String mariadb = options.release() + "-mariadb";
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("action", "delay");
        spec.put("mode", "all");
        spec.put("selector", Map.of("pods", Map.of(options.namespace(), List.of(mariadb + "-1"))));
        spec.put("direction", "to");
        spec.put("target", Map.of("mode", "all", "selector", Map.of("pods", Map.of(options.namespace(), List.of(mariadb + "-0")))));
        spec.put("delay", Map.of("latency", seconds + "s"));
        spec.put("duration", options.faultDuration().toSeconds() + "s");
        return chaosResource("NetworkChaos", name, spec);
    }

    /** The pods of a stack component in the chart's release. */
    private Map<String, Object> selector(String component) throws NoEquivalent {
        Map<String, String> labels = new LinkedHashMap<>();
        switch (component) {
            case "kafka" -> {
                labels.put("strimzi.io/cluster", options.release() + "-kafka");
                labels.put("strimzi.io/broker-role", "true");
            }
            case "mongodb", "s3" -> {
                labels.put("app.kubernetes.io/instance", options.release());
                labels.put("app.kubernetes.io/name", component.equals("s3") ? "minio" : "mongodb");
            }
            case "mariadb-primary", "mariadb-replica" -> {
                String mariadb = options.release() + "-mariadb";
                return Map.of("pods", Map.of(options.namespace(), List.of(mariadb + (component.endsWith("primary") ? "-0" : "-1"))));
            }
            default -> {
                if (SpringService.ALL.stream().noneMatch(s -> s.name().equals(component))) {
                    throw new NoEquivalent("the chart deploys no '" + component + "'");
                }
                labels.put("app.kubernetes.io/instance", options.release());
                labels.put("app.kubernetes.io/name", component);
            }
        }
        return Map.of("namespaces", List.of(options.namespace()), "labelSelectors", labels);
    }

    private Map<String, Object> chaosResource(String kind, String name, Map<String, Object> spec) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", CHAOS_API);
        resource.put("kind", kind);
        resource.put("metadata", metadata(name));
        resource.put("spec", spec);
        return resource;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> schedule(Map<String, Object> chaos) {
        String kind = (String) chaos.get("kind");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("schedule", options.schedule());
        spec.put("type", kind);
        spec.put("historyLimit", 1);
        spec.put("concurrencyPolicy", "Forbid");
        // ScheduleItem's embedded chaos fields (chaos-mesh api/v1alpha1, EmbedChaos).
        spec.put(Map.of("PodChaos", "podChaos", "NetworkChaos", "networkChaos", "JVMChaos", "jvmChaos").get(kind), chaos.get("spec"));
        return chaosResource("Schedule", (String) ((Map<String, Object>) chaos.get("metadata")).get("name"), spec);
    }

    private Map<String, Object> settingsJob(String name, List<String> calls, List<String> rollbacks) {
        StringBuilder script = new StringBuilder("""
                set -eu
                # call METHOD URL admin|anonymous [JSON]: fails on a non-2xx answer, like the runner's http provider.
                call() {
                  method=$1 url=$2 auth=$3 body=${4-}
                  if [ "$auth" = admin ]; then
                    if [ -n "$body" ]; then
                      curl -fsS -X "$method" -H "Authorization: Bearer $FIREDRILL_ADMIN_TOKEN" -H 'Content-Type: application/json' --data "$body" "$url"
                    else
                      curl -fsS -X "$method" -H "Authorization: Bearer $FIREDRILL_ADMIN_TOKEN" "$url"
                    fi
                  elif [ -n "$body" ]; then
                    curl -fsS -X "$method" -H 'Content-Type: application/json' --data "$body" "$url"
                  else
                    curl -fsS -X "$method" "$url"
                  fi
                  echo
                }
                # The scenario's rollbacks run on exit, whatever happened before (the runner's finally).
                rollback() {
                  set +e
                """);
        rollbacks.forEach(c -> script.append("  ").append(c).append('\n'));
        script.append("  :\n}\ntrap rollback EXIT\n");
        calls.forEach(c -> script.append(c).append('\n'));
        script.append("# The fault window: the rollbacks end it.\nsleep ").append(options.faultDuration().toSeconds()).append('\n');

        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "settings");
        container.put("image", options.jobImage());
        container.put("command", List.of("sh", "-c", script.toString()));
        container.put("env", List.of(Map.of("name", "FIREDRILL_ADMIN_TOKEN", "valueFrom",
                Map.of("secretKeyRef", Map.of("name", options.adminSecret(), "key", "admin-token")))));
        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "Never");
        podSpec.put("containers", List.of(container));
        Map<String, Object> jobSpec = new LinkedHashMap<>();
        jobSpec.put("backoffLimit", 0);
        jobSpec.put("activeDeadlineSeconds", options.faultDuration().toSeconds() + 300);
        jobSpec.put("template", Map.of("spec", podSpec));

        Map<String, Object> job = new LinkedHashMap<>();
        job.put("apiVersion", "batch/v1");
        if (options.schedule() == null) {
            job.put("kind", "Job");
            job.put("metadata", metadata(name));
            job.put("spec", jobSpec);
        } else {
            job.put("kind", "CronJob");
            job.put("metadata", metadata(name));
            Map<String, Object> cron = new LinkedHashMap<>();
            cron.put("schedule", options.schedule());
            cron.put("concurrencyPolicy", "Forbid");
            cron.put("jobTemplate", Map.of("spec", jobSpec));
            job.put("spec", cron);
        }
        return job;
    }

    private Map<String, Object> metadata(String name) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("namespace", options.namespace());
        metadata.put("labels", Map.of("app.kubernetes.io/part-of", "firedrill", "firedrill.io/exported-from", "firedrill-chaos"));
        return metadata;
    }

    private static String lever(Activity step) {
        Map<String, Object> args = new LinkedHashMap<>(step.provider());
        Object type = args.remove("type");
        return type + (args.isEmpty() ? "" : " " + args);
    }

    static String dnsName(String text) {
        return dnsName(text, 40);
    }

    static String dnsName(String text, int max) {
        String name = text.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return name.length() > max ? name.substring(0, max).replaceAll("-+$", "") : name;
    }

    private static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Parses a duration option ("60s", "2m", ISO-8601) as the runner does. */
    public static Duration duration(String text) {
        return Durations.parse(text);
    }

    /** A step that has no Chaos Mesh equivalent; its message is the reason listed. */
    private static final class NoEquivalent extends Exception {
        NoEquivalent(String reason) {
            super(reason, null, false, false);
        }
    }
}
