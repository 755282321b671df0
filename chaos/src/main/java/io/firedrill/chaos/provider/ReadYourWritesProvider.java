package io.firedrill.chaos.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.chaos.core.RunContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a customer sees right after checking out: places {@code samples} orders (default 10) on order-service and reads
 * each back at once through {@code GET /api/orders/{id}}, sending the {@code Read-After-Gtid} the checkout returned
 * like a well-behaved client ({@code send-position: false} to read without it). A read that answers 404 for an order
 * the service just accepted is stale. Output: {@code value} = stale reads (what the tolerance judges), plus the
 * samples, the fresh reads and which database answered them ({@code Read-Source}).
 */
final class ReadYourWritesProvider implements Provider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Override
    public Object run(Map<String, Object> args, RunContext context) throws Exception {
        int samples = Integer.parseInt(Provider.optional(args, "samples", "10"));
        if (samples < 1 || samples > 1000) {
            throw new IllegalArgumentException("samples must be 1..1000, got " + samples);
        }
        boolean sendPosition = Boolean.parseBoolean(Provider.optional(args, "send-position", "true"));
        String orderUrl = context.variables().get("order.url");
        String sku = "RYW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> catalog = Map.of("items", List.of(
                Map.of("sku", sku, "name", "read-your-writes probe", "priceCents", 100, "stock", samples)));
        // Loading the catalog is an admin command: inventory's management port, with the stack's admin token.
        send(post(context.variables().get("inventory.admin") + "/admin/catalog", catalog)
                .header("Authorization", "Bearer " + context.variables().get("admin.token")), 200);

        // The probe's customer tokenizes a test card once at payment-service and checks out with the token.
        String customer = UUID.randomUUID().toString();
        HttpResponse<String> tokenized = send(post(context.variables().get("payment.url") + "/api/payment-methods",
                Map.of("customerId", customer, "cardNumber", "4111111111111111")), 201);
        String token = JSON.readTree(tokenized.body()).path("token").asText();

        int stale = 0;
        Map<String, Integer> sources = new LinkedHashMap<>();
        for (int i = 0; i < samples; i++) {
            Map<String, Object> order = Map.of("customerId", customer, "tenantRegion", "eu-west",
                    "items", List.of(Map.of("sku", sku, "quantity", 1)),
                    "paymentMethod", Map.of("type", "token", "token", token));
            HttpResponse<String> placed = send(post(orderUrl + "/api/orders", order), 202);
            JsonNode body = JSON.readTree(placed.body());
            HttpRequest.Builder read = HttpRequest.newBuilder(URI.create(orderUrl + "/api/orders/" + body.path("orderId").asText()))
                    .timeout(Duration.ofSeconds(10)).GET();
            placed.headers().firstValue("Read-After-Gtid").filter(p -> sendPosition).ifPresent(p -> read.header("Read-After-Gtid", p));
            HttpResponse<String> response = CLIENT.send(read.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                stale++;
            } else if (response.statusCode() != 200) {
                throw new IllegalStateException("GET order answered HTTP " + response.statusCode() + ": " + response.body());
            }
            sources.merge(response.headers().firstValue("Read-Source").orElse(response.statusCode() == 404 ? "not-found" : "unknown"),
                    1, Integer::sum);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("value", stale);
        output.put("samples", samples);
        output.put("fresh", samples - stale);
        output.put("sentPosition", sendPosition);
        output.put("readSources", sources);
        return output;
    }

    private static HttpRequest.Builder post(String url, Object body) throws Exception {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            String url = request.build().uri().toString();
            throw new IllegalStateException("POST " + url + " answered HTTP " + response.statusCode() + ": "
                    + (response.body().length() > 300 ? response.body().substring(0, 300) + "..." : response.body()));
        }
        return response;
    }
}
