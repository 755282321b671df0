package io.firedrill.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.order.admin.OrderSettings;
import io.firedrill.stack.testing.OpenApiCapture;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The HTTP contract of the checkout API: every bad request is a problem+json with the right status and leaves no
 * order row; idempotent retries; the catalog's failures; reads and paging; OpenAPI; the management endpoints.
 */
class CheckoutApiTest extends OrderServiceTestBase {

    @Autowired MeterRegistry meters;

    @Test
    void acceptsACheckoutWithLocationAndLinks() {
        UUID customer = UUID.randomUUID();
        Response response = post("/api/orders", checkout(customer, newSku(500), 3));

        assertThat(response.status()).isEqualTo(202);
        JsonNode body = response.json();
        String orderId = body.path("orderId").asText();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/orders/" + orderId);
        assertThat(body.path("status").asText()).isEqualTo("PENDING");
        assertThat(body.path("links").path("self").asText()).isEqualTo("/api/orders/" + orderId);
        assertThat(orderRow(UUID.fromString(orderId))).containsEntry("total_cents", 1500L)
                .containsEntry("customer_id", customer.toString()).containsEntry("tenant_region", "eu-west");
    }

    @Test
    void rejectsMalformedJsonWith400AndCreatesNoOrder() {
        UUID customer = UUID.randomUUID();
        String body = checkout(customer, newSku(100), 1);

        JsonNode problem = post("/api/orders", body.substring(0, body.length() - 5)).problem(400);

        assertThat(problem.path("detail").asText()).containsIgnoringCase("json");
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void rejectsMissingFieldsWith400NamingThem() {
        UUID customer = UUID.randomUUID();
        String body = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"" + newSku(100) + "\"}]}";

        JsonNode problem = post("/api/orders", body).problem(400);

        assertThat(problem.path("errors").findValuesAsText("field"))
                .contains("tenantRegion", "paymentMethod", "items[0].quantity");
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void rejectsWrongTypesWith400NamingTheField() {
        UUID customer = UUID.randomUUID();
        String body = checkout(customer, newSku(100), 1).replace("\"quantity\":1", "\"quantity\":\"three\"");

        JsonNode problem = post("/api/orders", body).problem(400);

        assertThat(problem.path("detail").asText()).contains("items[0].quantity");
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void rejectsAQuantityOfZeroOrLessWith400() {
        UUID customer = UUID.randomUUID();
        String sku = newSku(100);

        assertThat(post("/api/orders", checkout(customer, sku, 0)).problem(400).path("errors").findValuesAsText("field"))
                .containsExactly("items[0].quantity");
        post("/api/orders", checkout(customer, sku, -4)).problem(400);
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void rejectsAnAbsurdlyLargeQuantityWith400() {
        UUID customer = UUID.randomUUID();
        String sku = newSku(100);

        post("/api/orders", checkout(customer, sku, 101)).problem(400);
        // Beyond int: a wrong type, not an overflow.
        post("/api/orders", checkout(customer, sku, 1).replace("\"quantity\":1", "\"quantity\":99999999999999999999"))
                .problem(400);
        post("/api/orders", checkout(customer, sku, 1).replace("\"quantity\":1", "\"quantity\":1.5")).problem(400);
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void rejectsAnUnknownSkuWith422NamingItAndCreatesNoOrder() {
        UUID customer = UUID.randomUUID();
        String unknown = "NOPE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

        JsonNode problem = post("/api/orders", checkout(customer, newSku(100), 1, unknown, 2)).problem(422);

        assertThat(problem.path("sku").asText()).isEqualTo(unknown);
        assertThat(problem.path("detail").asText()).contains(unknown);
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void rejectsAnOversizedBodyWith413AndCreatesNoOrder() {
        UUID customer = UUID.randomUUID();
        String body = checkout(customer, newSku(100), 1);
        String padded = body.substring(0, body.length() - 1) + ",\"padding\":\"" + "x".repeat(70 * 1024) + "\"}";

        post("/api/orders", padded).problem(413);
        // Same without a Content-Length (chunked): the cap holds while streaming.
        Response chunked = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(padded.getBytes()))));
        chunked.problem(413);
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void aCardNumberWhereATokenBelongsIs400AndIsNeitherEchoedNorStored() {
        UUID customer = UUID.randomUUID();
        String sku = newSku(100);
        String withNumber = checkout(customer, sku, 1).replace("\"type\":\"token\"",
                "\"type\":\"token\",\"cardNumber\":\"4111111111111111\"");

        Response refused = post("/api/orders", withNumber);
        JsonNode problem = refused.problem(400);

        assertThat(problem.path("errors").findValuesAsText("field")).contains("paymentMethod.cardNumber");
        assertThat(refused.body()).doesNotContain("4111111111111111");
        post("/api/orders", withNumber.replace("\"type\":\"token\"", "\"type\":\"card\"")).problem(400);
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void anUnknownOrAnotherCustomersTokenIs422AndCreatesNoOrder() {
        UUID customer = UUID.randomUUID();
        String sku = newSku(100);
        String someoneElses = VAULT.tokenize(UUID.randomUUID(), "4242424242424242");

        post("/api/orders", checkoutWithToken(customer, "pm_000000000000000000000000", sku, 1)).problem(422);
        JsonNode foreign = post("/api/orders", checkoutWithToken(customer, someoneElses, sku, 1)).problem(422);

        assertThat(foreign.path("code").asText()).isEqualTo("unknown-payment-method");
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void rejectsBadLineListsAndCardNumbersWith400() {
        UUID customer = UUID.randomUUID();
        String sku = newSku(100);

        post("/api/orders", checkout(customer, sku, 1, sku, 2)).problem(400);   // duplicate SKU
        post("/api/orders", checkout(customer, new Object[0])).problem(400);     // no lines
        post("/api/orders", checkoutWithToken(customer, "4111-1111", sku, 1)).problem(400);     // not a token
        post("/api/orders", checkout(customer, sku, 1).replace("eu-west", "mars-north")).problem(400);
        post("/api/orders", checkout(customer, "lower-case", 1)).problem(400);
        Object[] lines = new Object[102];
        for (int i = 0; i < lines.length; i += 2) {
            lines[i] = newSku(1);
            lines[i + 1] = 1;
        }
        post("/api/orders", checkout(customer, lines)).problem(400);              // 51 lines
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void rejectsAnInvalidShippingAddressWith400() {
        UUID customer = UUID.randomUUID();
        String body = checkout(customer, newSku(100), 1);
        String withAddress = body.substring(0, body.length() - 1)
                + ",\"shippingAddress\":{\"recipient\":\"\",\"line1\":\"1 Main St\",\"city\":\"Dublin\",\"postalCode\":\"D01\",\"country\":\"ireland\"}}";

        JsonNode problem = post("/api/orders", withAddress).problem(400);

        assertThat(problem.path("errors").findValuesAsText("field"))
                .contains("shippingAddress.recipient", "shippingAddress.country");
        assertThat(orderCount(customer)).isZero();
    }

    @Test
    void usesTheGivenShippingAddress() {
        UUID customer = UUID.randomUUID();
        String body = checkout(customer, newSku(100), 1);
        String withAddress = body.substring(0, body.length() - 1)
                + ",\"shippingAddress\":{\"recipient\":\"Ada\",\"line1\":\"1 Main St\",\"city\":\"Dublin\",\"postalCode\":\"D01\",\"country\":\"IE\"}}";

        Response response = post("/api/orders", withAddress);

        assertThat(response.status()).isEqualTo(202);
        assertThat(orderRow(UUID.fromString(response.json().path("orderId").asText())))
                .containsEntry("ship_recipient", "Ada").containsEntry("ship_city", "Dublin").containsEntry("ship_line2", null);
    }

    @Test
    void answers503WithRetryAfterWhenTheCatalogIsUnavailable() {
        UUID customer = UUID.randomUUID();
        String sku = "DOWN-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        CATALOG.price(sku, 100);
        double before = rejected("catalog_unavailable");
        CATALOG.failWith(500);

        Response response = post("/api/orders", checkout(customer, sku, 1));

        response.problem(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(orderCount(customer)).isZero();
        // A buyer the shop could not serve: the checkout-availability SLI counts it as a failed checkout.
        assertThat(rejected("catalog_unavailable")).isEqualTo(before + 1);
    }

    @Test
    void answers503WithRetryAfterWhenTheCardVaultIsUnavailableAndCountsTheRefusedCheckout() {
        UUID customer = UUID.randomUUID();
        String sku = newSku(100);
        String body = checkout(customer, sku, 1); // tokenized at the vault while it still answered
        double before = rejected("payment_methods_unavailable");
        VAULT.failWith(500);

        Response response = post("/api/orders", body);

        assertThat(response.problem(503).path("type").asText()).endsWith("/payment-methods-unavailable");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(orderCount(customer)).isZero();
        assertThat(rejected("payment_methods_unavailable")).isEqualTo(before + 1);
    }

    private double rejected(String reason) {
        return meters.get("firedrill_checkout_rejected_total").tag("reason", reason).counter().count();
    }

    @Test
    void cachesCatalogPrices() {
        String sku = newSku(700);
        placeOrder(UUID.randomUUID(), sku, 1);
        long requests = CATALOG.requests();

        placeOrder(UUID.randomUUID(), sku, 2);

        assertThat(CATALOG.requests()).isEqualTo(requests);
    }

    @Test
    void returnsTheSameOrderForTheSameIdempotencyKeyAndBody() {
        UUID customer = UUID.randomUUID();
        String body = checkout(customer, newSku(100), 1);
        String key = "retry-" + UUID.randomUUID();

        Response first = post("/api/orders", body, "Idempotency-Key", key);
        Response again = post("/api/orders", body, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.json().path("orderId").asText()).isEqualTo(first.json().path("orderId").asText());
        assertThat(orderCount(customer)).isEqualTo(1);
        assertThat(outboxCount(UUID.fromString(first.json().path("orderId").asText()), "ReserveInventory")).isEqualTo(1);
    }

    @Test
    void rejectsTheSameIdempotencyKeyWithADifferentBodyWith422() {
        UUID customer = UUID.randomUUID();
        String key = "retry-" + UUID.randomUUID();
        Response first = post("/api/orders", checkout(customer, newSku(100), 1), "Idempotency-Key", key);

        JsonNode problem = post("/api/orders", checkout(customer, newSku(100), 5), "Idempotency-Key", key).problem(422);

        assertThat(problem.path("orderId").asText()).isEqualTo(first.json().path("orderId").asText());
        assertThat(orderCount(customer)).isEqualTo(1);
    }

    @Test
    void answers404NamingAnUnknownOrderAnd400ForAMalformedId() {
        UUID unknown = UUID.randomUUID();

        JsonNode problem = get("/api/orders/" + unknown).problem(404);

        assertThat(problem.path("detail").asText()).contains(unknown.toString());
        assertThat(problem.path("orderId").asText()).isEqualTo(unknown.toString());
        get("/api/orders/not-a-uuid").problem(400);
    }

    @Test
    void listsACustomersOrdersNewestFirstInPages() {
        UUID customer = UUID.randomUUID();
        String sku = newSku(100);
        UUID first = placeOrder(customer, sku, 1);
        UUID second = placeOrder(customer, sku, 2);
        UUID third = placeOrder(customer, sku, 3);
        settings.update(s -> new OrderSettings.Snapshot(s.reservationTtlSeconds(), s.reserveDeadline(),
                s.paymentDeadline(), s.commitDeadline(), s.shipmentDeadline(), s.compensationDeadline(),
                s.stepMaxAttempts(), s.compensationMaxAttempts(), s.compensationRetryFor(), s.sweeperInterval(), OrderProperties.ReadConsistency.PRIMARY, s.maxSagasInFlight(), s.admissionLatencyTarget()));

        JsonNode page0 = get("/api/customers/" + customer + "/orders?size=2").json();
        JsonNode page1 = get("/api/customers/" + customer + "/orders?size=2&page=1").json();

        assertThat(page0.path("orders").findValuesAsText("orderId")).containsExactly(third.toString(), second.toString());
        assertThat(page0.path("hasMore").asBoolean()).isTrue();
        assertThat(page1.path("orders").findValuesAsText("orderId")).containsExactly(first.toString());
        assertThat(page1.path("hasMore").asBoolean()).isFalse();
        get("/api/customers/" + customer + "/orders?size=1000").problem(400);
    }

    @Test
    void publishesTheOpenApiDocument() throws Exception {
        String docs = OpenApiCapture.capture("order-service", baseUrl() + "/v3/api-docs");

        JsonNode paths = JSON.readTree(docs).path("paths");
        assertThat(paths.has("/api/orders")).isTrue();
        assertThat(paths.has("/api/orders/{orderId}")).isTrue();
        assertThat(paths.has("/api/orders/{orderId}/cancel")).isTrue();
        assertThat(paths.has("/api/customers/{customerId}/orders")).isTrue();
    }

    @Test
    void changesRuntimeSettingsThroughTheManagementPort() {
        var changed = admin().patch("/admin/settings",
                "{\"reservationTtlSeconds\":5,\"paymentDeadline\":\"2s\",\"readConsistency\":\"primary\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(settings.current().reservationTtlSeconds()).isEqualTo(5);
        assertThat(settings.current().readConsistency()).isEqualTo(OrderProperties.ReadConsistency.PRIMARY);

        UUID order = placeOrder();
        assertThat(outboxPayload(order, "ReserveInventory").path("ttlSeconds").asInt()).isEqualTo(5);

        assertThat(admin().patch("/admin/settings", "{\"reservationTtlSeconds\":0}").statusCode()).isEqualTo(422);
        assertThat(admin().patch("/admin/settings", "{\"reservationTtlSeconds\":\"5\"}").statusCode()).isEqualTo(400);
        assertThat(admin().patch("/admin/settings", "{\"reservationTtl\":5}").statusCode()).isEqualTo(400);
        assertThat(admin().patch("/admin/settings", "{\"readConsistency\":\"sometimes\"}").statusCode()).isEqualTo(400);
        assertThat(settings.current().reservationTtlSeconds()).isEqualTo(5);
        assertThat(admin().delete("/admin/settings").statusCode()).isEqualTo(200);
        assertThat(settings.current().reservationTtlSeconds()).isEqualTo(30);
    }

    @Test
    void adminRoutesAnswer401WithoutTheStackTokenWhileHealthAndTheScrapeStayOpen() {
        assertThat(admin().notRefusedWithoutValidToken("GET /admin/settings", "PATCH /admin/settings",
                "DELETE /admin/settings", "POST /actuator/chaosmonkey/assaults", "POST /actuator/dlq/order.events.dlq"))
                .isEmpty();
        assertThat(admin().notOpenToAnonymous("GET /actuator/health/readiness", "GET /actuator/prometheus")).isEmpty();
        assertThat(settings.current().reservationTtlSeconds()).isEqualTo(30);
    }

    @Test
    void exposesTheSagaMetricsForPrometheus() {
        placeOrder();

        await().untilAsserted(() -> {
            String scrape = get(managementUrl() + "/actuator/prometheus").body();
            assertThat(scrape)
                    .contains("firedrill_saga_in_flight{service=\"order-service\",state=\"RUNNING\",step=\"RESERVE_INVENTORY\"}")
                    .contains("firedrill_saga_oldest_in_flight_seconds")
                    .contains("firedrill_saga_compensation_failed_total")
                    .contains("hikaricp_connections_active{pool=\"replica\"");
            assertThat(scrape).doesNotContain("firedrill_saga_oldest_in_flight_seconds{service=\"order-service\"} 0.0");
        });
        assertThat(get(managementUrl() + "/actuator/health/readiness").status()).isEqualTo(200);
    }
}
