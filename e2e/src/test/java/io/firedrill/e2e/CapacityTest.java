package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Refusing early and cheaply on the real stack (DESIGN.md section 9): a burst beyond maxSagasInFlight is shed with
 * 503 + Retry-After and leaves no order; a SKU sold out in inventory is refused at POST with 409 OUT_OF_STOCK and no
 * order, through inventory's StockAvailabilityChanged and cdc-relay, and is sellable again once its reservation is
 * released.
 */
@ExtendWith(ServicesExtension.class)
class CapacityTest {

    private static final Duration SAGA = Duration.ofSeconds(120);

    private Firedrill firedrill;

    @AfterEach
    void restoreSettings() throws Exception {
        if (firedrill != null) {
            firedrill.resetOrderSettings();
            firedrill.paymentSettings(Map.of("providerLatency", "50ms", "declineRatio", 0));
        }
    }

    private long ordersOf(UUID customer) throws Exception {
        return firedrill.count("firedrill_order", "SELECT COUNT(*) FROM orders WHERE customer_id = ?", customer.toString());
    }

    @Test
    void aBurstBeyondMaxSagasInFlightIsShedWith503RetryAfterAndLeavesNoOrder(Firedrill firedrill) throws Exception {
        this.firedrill = firedrill;
        String sku = firedrill.loadCatalog(1000).get(0);
        firedrill.paymentSettings(Map.of("providerLatency", "3000ms")); // sagas stay in flight while the burst arrives
        // Room for two more sagas than are in flight now (earlier tests may have left some running).
        long inFlight = firedrill.count("firedrill_order",
                "SELECT COUNT(*) FROM saga_instance WHERE state IN ('RUNNING', 'COMPENSATING')");
        firedrill.orderSettings(Map.of("maxSagasInFlight", inFlight + 2));
        int burst = 30;
        List<UUID> customers = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            for (int i = 0; i < burst; i++) {
                UUID customer = UUID.randomUUID();
                customers.add(customer);
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return firedrill.postOrder(customer, Firedrill.GOOD_CARD, Map.of(sku, 1));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            int accepted = 0;
            int shed = 0;
            for (int i = 0; i < burst; i++) {
                HttpResponse<String> answer = answers.get(i).join();
                if (answer.statusCode() == 202) {
                    accepted++;
                    assertThat(ordersOf(customers.get(i))).isEqualTo(1);
                    continue;
                }
                shed++;
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isGreaterThanOrEqualTo(1));
                assertThat(Firedrill.JSON.readTree(answer.body()).path("type").asText()).endsWith("/overloaded");
                assertThat(ordersOf(customers.get(i))).as("a shed checkout leaves no order").isZero();
            }
            assertThat(shed).isPositive();
            assertThat(accepted).isLessThan(burst);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSoldOutSkuIsRefusedAtPostWithoutAnOrderAndSellableAgainOnceItsReservationIsReleased(Firedrill firedrill)
            throws Exception {
        this.firedrill = firedrill;
        String sku = firedrill.loadCatalog(1).get(0);
        firedrill.paymentSettings(Map.of("providerLatency", "5000ms")); // the buyer can still cancel before payment
        UUID buyer = firedrill.placeOrder(Firedrill.GOOD_CARD, Map.of(sku, 1));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> firedrill.stock(sku).path("available").asInt() == 0);

        // Until the announcement arrives a checkout may still start a saga (inventory then rejects it); the one
        // refused at POST must leave no order.
        UUID refusedCustomer = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            UUID customer = UUID.randomUUID();
            HttpResponse<String> answer = firedrill.postOrder(customer, Firedrill.GOOD_CARD, Map.of(sku, 1));
            return answer.statusCode() == 409 ? customer : null;
        }, java.util.Objects::nonNull);
        assertThat(ordersOf(refusedCustomer)).isZero();
        HttpResponse<String> refused = firedrill.postOrder(UUID.randomUUID(), Firedrill.GOOD_CARD, Map.of(sku, 1));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        var problem = Firedrill.JSON.readTree(refused.body());
        assertThat(problem.path("reason").asText()).isEqualTo("OUT_OF_STOCK");
        assertThat(problem.path("sku").asText()).isEqualTo(sku);

        HttpResponse<String> cancel = firedrill.send("POST", firedrill.orderUrl() + "/api/orders/" + buyer + "/cancel", null);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        assertThat(firedrill.awaitTerminal(buyer, SAGA)).containsEntry("status", "CANCELLED");

        firedrill.paymentSettings(Map.of("providerLatency", "50ms"));
        UUID next = firedrill.placeOrderOnceSellable(Firedrill.GOOD_CARD, Map.of(sku, 1), Duration.ofSeconds(30));
        assertThat(firedrill.awaitTerminal(next, SAGA)).containsEntry("status", "COMPLETED");
    }
}
