package io.firedrill.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.contracts.events.InventoryRejected;
import io.firedrill.contracts.events.StockAvailabilityChanged;
import io.firedrill.order.checkout.AvailabilityView;
import io.firedrill.order.checkout.CheckoutAdmission;
import io.firedrill.order.saga.AdmissionGate;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The refusals of POST /api/orders that cost no query: the bound on sagas in flight (503 + Retry-After), SKUs
 * inventory announced sold out (409 OUT_OF_STOCK, fed by StockAvailabilityChanged on the inventory events topic,
 * which the test plays) and SKUs whose units the catalog reported free are all claimed (409). None leaves an order row.
 */
class CheckoutAdmissionTest extends OrderServiceTestBase {

    @Autowired AdmissionGate gate;
    @Autowired CheckoutAdmission admission;
    @Autowired AvailabilityView availability;
    @Autowired MeterRegistry meters;

    @AfterEach
    void restoreAdmission() {
        assertThat(admin().delete("/admin/settings").statusCode()).isEqualTo(200);
        availability.forgetAll();
    }

    private double rejected(String reason) {
        return meters.get("firedrill_checkout_rejected_total").tag("reason", reason).counter().count();
    }

    private void announce(String sku, long available) {
        participants().send(new StockAvailabilityChanged(sku, available));
    }

    @Test
    void aBurstBeyondMaxSagasInFlightGets503WithRetryAfterAndTheRefusedCheckoutsLeaveNoOrder() {
        int limit = (int) gate.inFlight() + 3;
        assertThat(admin().patch("/admin/settings", "{\"maxSagasInFlight\":" + limit + "}").statusCode()).isEqualTo(200);
        double rejectedBefore = rejected("overloaded");
        int burst = 30;
        List<UUID> customers = new ArrayList<>();
        List<CompletableFuture<Response>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            for (int i = 0; i < burst; i++) {
                UUID customer = UUID.randomUUID();
                customers.add(customer);
                String body = checkout(customer, newSku(700), 1);
                answers.add(CompletableFuture.supplyAsync(() -> post("/api/orders", body), pool));
            }
            int shed = 0;
            for (int i = 0; i < burst; i++) {
                Response answer = answers.get(i).join();
                if (answer.status() == 202) {
                    assertThat(orderCount(customers.get(i))).isEqualTo(1);
                    continue;
                }
                shed++;
                JsonNode problem = answer.problem(503);
                assertThat(problem.path("type").asText()).endsWith("/overloaded");
                assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isGreaterThanOrEqualTo(1));
                assertThat(orderCount(customers.get(i))).as("a refused checkout leaves no order").isZero();
            }
            // Room for three; a few more may get in when sagas of earlier tests end or the count re-synchronises meanwhile.
            assertThat(shed).isGreaterThanOrEqualTo(burst / 2);
            assertThat(rejected("overloaded") - rejectedBefore).isEqualTo(shed);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void maxSagasInFlightIsARuntimeSettingValidatedLikeTheOthers() {
        assertThat(admin().get("/admin/settings").body()).contains("\"maxSagasInFlight\":200");
        assertThat(admin().patch("/admin/settings", "{\"maxSagasInFlight\":0}").statusCode()).isEqualTo(422);
        assertThat(admin().patch("/admin/settings", "{\"maxSagasInFlight\":1000000}").statusCode()).isEqualTo(422);
        assertThat(admin().patch("/admin/settings", "{\"maxSagasInFlight\":\"50\"}").statusCode()).isEqualTo(400);
        assertThat(settings.current().maxSagasInFlight()).isEqualTo(200);

        assertThat(admin().patch("/admin/settings", "{\"maxSagasInFlight\":50}").statusCode()).isEqualTo(200);
        assertThat(settings.current().maxSagasInFlight()).isEqualTo(50);
    }

    @Test
    void sagasEndingLaterThanTheLatencyTargetLowerTheBoundToItsFloorAndATargetOfZeroRestoresTheFixedBound() {
        assertThat(admission.sagaLimit()).as("latency target 0 in tests: the fixed bound").isEqualTo(200);
        assertThat(admin().patch("/admin/settings", "{\"admissionLatencyTarget\":\"-1s\"}").statusCode()).isEqualTo(422);
        assertThat(admin().patch("/admin/settings", "{\"admissionLatencyTarget\":\"1ms\"}").statusCode()).isEqualTo(200);
        assertThat(admission.sagaLimit()).as("the learned start: the ceiling").isEqualTo(200);
        // Sagas that end (inventory rejects them) far later than 1 ms after their POST.
        for (int i = 0; i < 3; i++) {
            UUID order = placeOrder();
            participants().send(new InventoryRejected(order, InventoryRejected.Reason.OUT_OF_STOCK));
            await().untilAsserted(() -> assertThat(orderRow(order)).containsEntry("status", "CANCELLED"));
        }
        await().untilAsserted(() -> assertThat(admission.sagaLimit()).isEqualTo(32));
        assertThat(meters.get("firedrill_checkout_admission_limit").gauge().value()).isEqualTo(32.0);

        assertThat(admin().patch("/admin/settings", "{\"admissionLatencyTarget\":0}").statusCode()).isEqualTo(200);
        assertThat(admission.sagaLimit()).isEqualTo(200);
    }

    @Test
    void aSkuAnnouncedSoldOutIsRefusedWith409AndNoOrderUntilItIsBackInStock() {
        String sku = newSku(900);
        UUID customer = UUID.randomUUID();
        double rejectedBefore = rejected("out_of_stock");

        announce(sku, 0);
        await().until(() -> availability.firstSoldOut(List.of(sku)).isPresent());
        JsonNode problem = post("/api/orders", checkout(customer, newSku(100), 1, sku, 2)).problem(409);

        assertThat(problem.path("type").asText()).endsWith("/out-of-stock");
        assertThat(problem.path("reason").asText()).isEqualTo("OUT_OF_STOCK");
        assertThat(problem.path("sku").asText()).isEqualTo(sku);
        assertThat(problem.path("detail").asText()).contains(sku);
        assertThat(orderCount(customer)).isZero();
        assertThat(rejected("out_of_stock") - rejectedBefore).isEqualTo(1);

        announce(sku, 3);
        await().until(() -> availability.firstSoldOut(List.of(sku)).isEmpty());
        placeOrder(customer, sku, 2);
        assertThat(orderCount(customer)).isEqualTo(1);
    }

    @Test
    void aReplayOfAnOrderPlacedBeforeItsSkuSoldOutStillReturnsThatOrder() {
        String sku = newSku(900);
        UUID customer = UUID.randomUUID();
        String body = checkout(customer, sku, 1);
        Response first = post("/api/orders", body, "Idempotency-Key", "sold-out-replay-" + customer);
        assertThat(first.status()).isEqualTo(202);

        announce(sku, 0);
        await().until(() -> availability.firstSoldOut(List.of(sku)).isPresent());
        Response replay = post("/api/orders", body, "Idempotency-Key", "sold-out-replay-" + customer);
        Response newKey = post("/api/orders", body, "Idempotency-Key", "sold-out-new-" + customer);

        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(replay.json().path("orderId").asText()).isEqualTo(first.json().path("orderId").asText());
        assertThat(newKey.problem(409).path("sku").asText()).isEqualTo(sku);
        assertThat(orderCount(customer)).isEqualTo(1);
    }

    @Test
    void aFlashSaleAdmitsAsManyUnitsAsTheCatalogReportedFreeAndAnswersTheOtherBuyers409WithoutAnOrder() {
        String sku = newSku(4900);
        CATALOG.available(sku, 3);
        double rejectedBefore = rejected("out_of_stock");
        List<UUID> buyers = new ArrayList<>();
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID buyer = UUID.randomUUID();
            buyers.add(buyer);
            Response answer = post("/api/orders", checkout(buyer, sku, i == 0 ? 2 : 1));
            answers.add(answer.status());
            if (answer.status() == 409) {
                assertThat(answer.problem(409).path("sku").asText()).isEqualTo(sku);
                assertThat(answer.json().path("reason").asText()).isEqualTo("OUT_OF_STOCK");
            }
        }

        assertThat(answers).containsExactly(202, 202, 409, 409, 409); // 2 + 1 units of 3
        assertThat(buyers.stream().mapToLong(this::orderCount).sum()).isEqualTo(2);
        assertThat(rejected("out_of_stock") - rejectedBefore).isEqualTo(3);
        assertThat(meters.get("firedrill_checkout_used_up_skus").gauge().value()).isGreaterThanOrEqualTo(1);
        // While a SKU is sold out every order is read ahead of MVC; one for other SKUs still goes through whole.
        UUID other = UUID.randomUUID();
        placeOrder(other, newSku(250), 2, newSku(300), 1);
        assertThat(orderCount(other)).isEqualTo(1);
    }

    @Test
    void whileTheGateIsFullASoldOutSkuIsStill409AndAnyOtherCheckout503() {
        String soldOut = newSku(900);
        announce(soldOut, 0);
        await().until(() -> availability.firstSoldOut(List.of(soldOut)).isPresent());
        placeOrder(); // at least one saga in flight (no participant answers it here)
        assertThat(admin().patch("/admin/settings", "{\"maxSagasInFlight\":" + gate.inFlight() + "}").statusCode()).isEqualTo(200);
        double overloadedBefore = rejected("overloaded");

        Response other = post("/api/orders", checkout(UUID.randomUUID(), newSku(100), 1));
        Response soldOutAnswer = post("/api/orders", checkout(UUID.randomUUID(), newSku(100), 1, soldOut, 1));

        assertThat(other.problem(503).path("type").asText()).endsWith("/overloaded");
        assertThat(soldOutAnswer.problem(409).path("sku").asText()).isEqualTo(soldOut);
        assertThat(other.headers().firstValue("Connection")).as("Tomcat closes after a 503").hasValue("close");
        assertThat(soldOutAnswer.headers().firstValue("Connection")).as("a 409 keeps the connection").isEmpty();
        assertThat(rejected("overloaded") - overloadedBefore).isEqualTo(1);
    }

    @Test
    void theRefusalsAreDocumentedInTheOpenApiContract() {
        String api = get("/v3/api-docs").body();

        assertThat(api).contains("Too many checkouts in progress (problem type overloaded").contains("OUT_OF_STOCK");
    }
}
