package io.firedrill.chaos.provider;

import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.core.RunContext;
import io.firedrill.stack.ConsumerGroups;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka as an operator acts on it. {@code action: rewind-group} replays a window to one consumer group, as
 * {@code kafka-consumer-groups --reset-offsets --to-datetime} does: it stops the group's consumers through the service's
 * actuator ({@code POST /actuator/bindings/<binding> {"state":"STOPPED"}}, admin token: Kafka changes the offsets of an
 * empty group only), waits until the group is empty, moves its committed offsets on {@code topic} back {@code by} (a
 * duration) and starts the binding again, whatever happened in between. Arguments: {@code service} (order, payment...),
 * {@code binding}, {@code group}, {@code topic}, {@code by}. Output: {@code {group, topic, replayed, summary}}, replayed
 * being the records the group will receive a second time. It never reads {@code GET /actuator/bindings}: a binding
 * read there loses every record after its next restart (spring-cloud-stream #3268).
 */
final class KafkaProvider implements Provider {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Duration EMPTY_WITHIN = Duration.ofSeconds(20);

    @Override
    public Object run(Map<String, Object> args, RunContext context) throws Exception {
        String action = Provider.required(args, "action");
        if (!action.equals("rewind-group")) {
            throw new IllegalArgumentException("unknown kafka action '" + action + "' (rewind-group)");
        }
        String service = Provider.required(args, "service").replaceFirst("-service$", "");
        String admin = context.variables().get(service + ".admin");
        if (admin == null) {
            throw new IllegalArgumentException("unknown service '" + service + "': no ${" + service + ".admin}");
        }
        String binding = Provider.required(args, "binding");
        String group = Provider.required(args, "group");
        String topic = Provider.required(args, "topic");
        Duration by = Durations.parse(Provider.required(args, "by"));
        String bindingUrl = admin + "/actuator/bindings/" + binding;
        String token = context.variables().get("admin.token");

        ConsumerGroups.Rewind rewind;
        try (ConsumerGroups groups = new ConsumerGroups(context.endpoints().kafkaBootstrap())) {
            Instant to = Instant.now().minus(by);
            state(bindingUrl, token, "STOPPED");
            try {
                groups.awaitEmpty(group, EMPTY_WITHIN);
                rewind = groups.rewind(group, topic, to);
            } finally {
                state(bindingUrl, token, "STARTED");
            }
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("group", group);
        output.put("topic", topic);
        output.put("replayed", rewind.replayed());
        output.put("summary", rewind.summary());
        return output;
    }

    private static void state(String url, String token, String state) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"state\":\"" + state + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " {state: " + state + "} answered HTTP " + response.statusCode()
                    + ": " + response.body());
        }
    }
}
