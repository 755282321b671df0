package io.firedrill.chaos.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.core.RunContext;
import io.firedrill.stack.component.SpringService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chaos-monkey-spring-boot assault on one service, through its actuator endpoint
 * ({@code POST /actuator/chaosmonkey/assaults} on the management port, with the admin token). Arguments:
 * {@code service} (order, inventory, payment, shipment, notification), {@code assault}: {@code latency} (with
 * {@code latency: 2500ms}, optionally {@code latency-to: 3s} for a random range), {@code exception} (the watched beans
 * throw), or {@code off} (every assault off: the rollback). The beans it hits are the service's watched beans
 * ({@code chaos.monkey.watcher.beans} in its application.yml). After the change the assault settings are read back
 * and must match, so a service started without the {@code chaos-monkey} profile fails the action instead of
 * silently injecting nothing. Output: the assault settings now in force.
 */
public final class ChaosMonkeyProvider implements Provider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    /** The services that run chaos-monkey-spring-boot: all but cdc-relay, which has no watched beans. */
    private static final List<String> SERVICES = SpringService.ALL.stream()
            .filter(service -> service.name().endsWith("-service")).map(RunContext::variableName).toList();

    @Override
    public Object run(Map<String, Object> args, RunContext context) throws Exception {
        String service = service(args);
        String assault = assault(args);
        Map<String, Object> update = assaultSettings(args);
        String base = context.variables().get(service + ".admin") + "/actuator/chaosmonkey";
        String token = context.variables().get("admin.token");
        HttpResponse<String> changed = send(HttpRequest.newBuilder(URI.create(base + "/assaults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(update))), token);
        if (changed.statusCode() == 404) {
            throw new IllegalStateException(service + "-service has no chaos-monkey endpoint: it was not started with the "
                    + "chaos-monkey profile (`make services-up` starts it so)");
        }
        if (changed.statusCode() / 100 != 2) {
            throw new IllegalStateException("chaos-monkey on " + service + "-service answered HTTP " + changed.statusCode()
                    + ": " + changed.body());
        }
        JsonNode now = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/assaults")).GET(), token).body());
        for (Map.Entry<String, Object> e : update.entrySet()) {
            if (!now.path(e.getKey()).asText().equals(e.getValue().toString())) {
                throw new IllegalStateException("chaos-monkey on " + service + "-service did not take " + e.getKey() + "="
                        + e.getValue() + "; it reports " + now);
            }
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("service", service + "-service");
        output.put("assault", assault);
        output.put("assaults", JSON.convertValue(now, Map.class));
        return output;
    }

    /** The service an assault acts on, as scenarios name it in variables ({@code payment} for payment-service). */
    public static String service(Map<String, Object> args) {
        String service = Provider.required(args, "service").replace("-service", "");
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("unknown service '" + service + "' for chaos-monkey; known: " + SERVICES);
        }
        return service;
    }

    private static String assault(Map<String, Object> args) {
        String assault = Provider.required(args, "assault");
        return "false".equals(assault) ? "off" : assault; // YAML 1.1 reads an unquoted `off` as the boolean false
    }

    /**
     * The body of {@code POST /actuator/chaosmonkey/assaults} for the provider's arguments: what this provider sends, and
     * what the Chaos Mesh export's settings Job sends in a cluster.
     */
    public static Map<String, Object> assaultSettings(Map<String, Object> args) {
        String assault = assault(args);
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("level", 1);
        switch (assault) {
            case "latency" -> {
                long from = Durations.parse(Provider.required(args, "latency")).toMillis();
                long to = Durations.parse(Provider.optional(args, "latency-to", args.get("latency").toString())).toMillis();
                if (from < 1 || to < from) {
                    throw new IllegalArgumentException("latency must be positive and latency-to >= latency, got " + from + ".." + to + " ms");
                }
                update.put("latencyActive", true);
                update.put("latencyRangeStart", from);
                update.put("latencyRangeEnd", to);
                update.put("exceptionsActive", false);
            }
            case "exception" -> {
                update.put("exceptionsActive", true);
                update.put("latencyActive", false);
            }
            case "off" -> {
                update.put("latencyActive", false);
                update.put("exceptionsActive", false);
                update.put("killApplicationActive", false);
            }
            default -> throw new IllegalArgumentException("unknown assault '" + assault + "' (latency, exception, off)");
        }
        return update;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
