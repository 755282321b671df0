package io.firedrill.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.data.WorkloadMix;
import io.firedrill.traffic.profile.Profiles;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shop workload against the services' HTTP contract (served by {@link FakeShop}). */
class ShopWorkloadTest {

    private static TrafficConfig.Builder shop(FakeShop shop, TrafficConfig.Builder b) {
        return b.targets(Targets.allAt(shop.url())).pollInterval(Duration.ofMillis(50)).completionTimeout(Duration.ofSeconds(5));
    }

    @Test
    void checkoutsAreFollowedToTheirEndAndDeclinesAreNotErrors() throws Exception {
        try (FakeShop shop = new FakeShop(200, false)) {
            DataSpec spec = DataSpec.defaults();
            spec = new DataSpec(spec.customers(), spec.catalogSize(), 0.2, spec.regions(), spec.mix(), spec.skuSkew(),
                    spec.stockMin(), spec.stockMax(), null);
            TrafficConfig.Builder config = shop(shop, TrafficConfig.builder(Profiles.constant(100, Duration.ofSeconds(3))));
            TrafficResult r = TrafficRunner.run(config.targets(Targets.allAt(shop.url()).withAdmin(shop.url(), "t0ken"))
                    .data(spec).threshold(Threshold.parse("requests.error_rate<=0%"))
                    .threshold(Threshold.parse("checkout_completed.error_rate<=0%")).build());

            // The catalog was in inventory before the first checkout, loaded through the admin route with the token.
            assertThat(shop.catalogItemsLoaded).isEqualTo(200);
            assertThat(shop.hits("catalog")).isEqualTo(1);
            assertThat(shop.catalogAuthorization).isEqualTo("Bearer t0ken");

            TrafficResult.OperationSummary accepted = r.operation(Operation.CHECKOUT_ACCEPTED);
            TrafficResult.OperationSummary completed = r.operation(Operation.CHECKOUT_COMPLETED);
            assertThat(accepted.outcomes()).containsOnlyKeys("ok");
            assertThat(completed.count()).isEqualTo(accepted.count());
            long declined = completed.reasons().getOrDefault("PAYMENT_DECLINED", 0L);
            assertThat((double) declined / completed.count()).isBetween(0.08, 0.35);
            assertThat(completed.outcomes().get("ok") + completed.outcomes().getOrDefault("business_decline", 0L))
                    .isEqualTo(completed.count());
            // End to end takes at least the saga's 200 ms; acceptance is much quicker.
            assertThat(completed.latencyMs().p50()).isGreaterThanOrEqualTo(200);
            assertThat(accepted.latencyMs().p50()).isLessThan(completed.latencyMs().p50());

            // Every kind of user action reached its endpoint, from every region.
            assertThat(shop.hits("preferences")).isPositive();
            assertThat(shop.hits("stock")).isPositive();
            assertThat(shop.hits("customer-orders")).isPositive();
            assertThat(r.operations()).extracting(TrafficResult.OperationSummary::operation)
                    .contains("order_lookup", "customer_orders", "stock_lookup", "notification_preferences");
            assertThat(shop.regions.keySet()).containsExactlyInAnyOrder("eu-west", "us-east", "ap-south");
            assertThat(r.regions()).hasSize(3);
            assertThat(r.verdict()).isEqualTo(TrafficResult.PASS);
            assertThat(r.exitCode()).isZero();
        }
    }

    @Test
    void aSupportCaseCancelsItsCustomersPendingOrderWhileTheSagaRuns() throws Exception {
        // 6 customers each check out several times a second and an order stays PENDING (cancellable) for 300 ms, so
        // a customer nearly always has a pending order while most orders of the run are long completed: a support
        // case that picked any order of the run would mostly be refused.
        try (FakeShop shop = new FakeShop(300, false)) {
            DataSpec spec = DataSpec.defaults();
            spec = new DataSpec(6, spec.catalogSize(), 0, spec.regions(), WorkloadMix.parse("checkout=50,support_case=50"),
                    spec.skuSkew(), spec.stockMin(), spec.stockMax(), null);
            TrafficResult r = TrafficRunner.run(shop(shop, TrafficConfig.builder(Profiles.constant(80, Duration.ofSeconds(4))))
                    .data(spec).build());

            assertThat(shop.hits("cancel")).isPositive();
            TrafficResult.OperationSummary cancels = r.operation(Operation.SUPPORT_CANCEL);
            assertThat(cancels).isNotNull();
            assertThat(cancels.count()).isEqualTo(shop.hits("cancel"));
            assertThat(cancels.outcomes()).containsOnlyKeys("ok", "business_decline");
            long cancelled = cancels.outcomes().get("ok");
            // Most succeed (about 3 in 4 here; about 1 in 5 when a case picked any order of the run).
            assertThat(cancelled).isEqualTo(shop.cancelled.get()).isGreaterThan(cancels.count() / 2);
            // A refusal (the saga had ended) is a business decline, not an error.
            assertThat(cancels.reasons().getOrDefault("NOT_CANCELLABLE", 0L)).isEqualTo(cancels.count() - cancelled);
            // Each cancelled order ends CANCELLED and is counted as the support case's doing, not as a saga failure.
            assertThat(r.operation(Operation.CHECKOUT_COMPLETED).reasons()).containsEntry("CANCELLED_BY_SUPPORT", cancelled);
            assertThat(r.operation(Operation.CHECKOUT_COMPLETED).outcomes()).doesNotContainKey("saga_failed");
        }
    }

    @Test
    void flashSaleNeverCompletesMoreOrdersThanUnitsOnAGuardedShop() throws Exception {
        try (FakeShop shop = new FakeShop(100, false)) {
            TrafficResult r = flashSale(shop);
            assertThat(r.flashSale().completed()).isEqualTo(20);
            assertThat(r.flashSale().outOfStock()).isEqualTo(r.flashSale().accepted() - 20 - r.flashSale().paymentDeclined());
            assertThat(r.flashSale().oversold()).isZero();
            assertThat(r.flashSale().stockAfter()).contains("\"available\":0");
            assertThat(r.exitCode()).isZero();
        }
    }

    @Test
    void flashSaleOnAShopThatOversellsFailsTheRun() throws Exception {
        try (FakeShop shop = new FakeShop(100, true)) {
            TrafficResult r = flashSale(shop);
            assertThat(r.flashSale().completed()).isGreaterThan(20);
            assertThat(r.flashSale().oversold()).isEqualTo(r.flashSale().completed() - 20);
            assertThat(r.thresholds()).anySatisfy(t -> {
                assertThat(t.expression()).isEqualTo("run.oversold<=0");
                assertThat(t.passed()).isFalse();
            });
            assertThat(r.verdict()).isEqualTo(TrafficResult.FAIL);
            assertThat(r.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void aFlashSaleOfTenThousandBuyersForAHundredUnitsAnswersEveryBuyerAndSellsExactlyTheUnits() throws Exception {
        try (FakeShop shop = new FakeShop(100, false)) {
            DataSpec spec = DataSpec.defaults().withFlashSale(new DataSpec.FlashSale("FLASH-0001", 100, 10_000));
            // The profile's defaults (in-flight bound, connections, poll interval); only the request timeout is raised:
            // the fake shares two cores with the generator, so under the herd an acceptance can queue for seconds,
            // and this test is about answers and stock, not latency.
            TrafficResult r = TrafficRunner.run(TrafficConfig.builder(Profiles.flashSale(10_000, Duration.ofSeconds(5)))
                    .targets(Targets.allAt(shop.url())).data(spec).requestTimeout(Duration.ofSeconds(30)).build());

            // Every buyer arrived within the 5 s window and was sent: the herd's own default bound drops no one.
            assertThat(r.run().maxInFlight()).isEqualTo(10_000);
            assertThat(r.rates().scheduled()).isEqualTo(10_000);
            assertThat(r.rates().dropped()).isZero();
            assertThat(r.rates().sent()).isEqualTo(10_000);
            assertThat(r.rates().achievedRate()).isEqualTo(2_000.0);
            assertThat(r.rates().achievedRatio()).isEqualTo(1.0);

            // Every checkout got an answer and was followed to its end.
            assertThat(shop.hits("checkout")).isEqualTo(10_000);
            assertThat(r.operation(Operation.CHECKOUT_ACCEPTED).outcomes()).containsOnly(Map.entry("ok", 10_000L));
            TrafficResult.OperationSummary completed = r.operation(Operation.CHECKOUT_COMPLETED);
            assertThat(completed.outcomes()).containsOnly(Map.entry("ok", 100L), Map.entry("business_decline", 9_900L));

            // Exactly the units were sold, by the shop's books and by the run's; everyone else was told no.
            assertThat(shop.completed()).isEqualTo(100);
            assertThat(shop.stock.get("FLASH-0001")).isZero();
            TrafficResult.FlashSaleSummary sale = r.flashSale();
            assertThat(sale.completed()).isEqualTo(100);
            assertThat(sale.oversold()).isZero();
            assertThat(sale.outOfStock() + sale.paymentDeclined()).isEqualTo(9_900);
            assertThat(sale.outOfStock()).isGreaterThan(9_000);
            assertThat(sale.otherOutcomes()).isZero();
            assertThat(sale.stockAfter()).contains("\"available\":0");
            assertThat(r.exitCode()).isZero();
            assertThat(io.firedrill.traffic.report.ReportWriter.markdown(r)).contains("| 2000/s | 2000/s | 100.00% | 10000 | 10000 | 0 (0.00%) |");
        }
    }

    private static TrafficResult flashSale(FakeShop shop) {
        DataSpec spec = DataSpec.defaults().withFlashSale(new DataSpec.FlashSale("FLASH-0001", 20, 400));
        return TrafficRunner.run(shop(shop, TrafficConfig.builder(Profiles.flashSale(400, Duration.ofSeconds(2)))).data(spec).build());
    }

    @Test
    void serverErrorsAndTimeoutsAreCountedByClass() throws Exception {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        try (TestServers.Server server = TestServers.start(() -> {
            // Every 10th request hangs past the client's timeout; the server answers the rest.
            if (n.incrementAndGet() % 10 == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(600_000_000L);
            }
        })) {
            TrafficResult r = TrafficRunner.run(TrafficConfig.builder(Profiles.constant(50, Duration.ofSeconds(2)))
                    .rawUrl(server.url()).requestTimeout(Duration.ofMillis(300)).threshold(Threshold.parse("requests.error_rate<=5%")).build());
            TrafficResult.OperationSummary op = r.operation(Operation.REQUEST);
            assertThat(op.outcomes()).containsEntry("timeout", 10L).containsEntry("ok", 90L);
            assertThat(op.errorRate()).isEqualTo(0.1);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.thresholds().get(0).actual()).isEqualTo(0.1);
        }
    }

    @Test
    void fiveHundredsAreServerErrorsAndCountInTheErrorRateThreshold() throws Exception {
        // Every 5th request: 503; the 7th: 500 whose problem names a business reason (still the server's failure).
        try (TestServers.Server server = TestServers.replying(i -> i % 5 == 0
                ? new TestServers.Reply(503, "{\"title\":\"Service Unavailable\"}")
                : i == 7 ? new TestServers.Reply(500, "{\"title\":\"boom\",\"reason\":\"OUT_OF_STOCK\"}")
                : new TestServers.Reply(200, "{}"))) {
            TrafficResult r = TrafficRunner.run(TrafficConfig.builder(Profiles.constant(50, Duration.ofSeconds(1)))
                    .rawUrl(server.url()).threshold(Threshold.parse("requests.error_rate<=5%"))
                    .threshold(Threshold.parse("request.error_rate<=25%")).build());

            TrafficResult.OperationSummary op = r.operation(Operation.REQUEST);
            assertThat(op.outcomes()).containsOnly(Map.entry("ok", 39L), Map.entry("server_error", 11L));
            assertThat(op.reasons()).containsOnly(Map.entry("http_503", 10L), Map.entry("http_500", 1L));
            assertThat(op.errors()).isEqualTo(11);
            assertThat(op.errorRate()).isEqualTo(0.22);
            assertThat(r.thresholds()).extracting(TrafficResult.ThresholdResult::expression, TrafficResult.ThresholdResult::actual,
                    TrafficResult.ThresholdResult::passed).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("requests.error_rate<=5%", 0.22, false),
                            org.assertj.core.groups.Tuple.tuple("request.error_rate<=25%", 0.22, true));
            assertThat(r.verdict()).isEqualTo(TrafficResult.FAIL);
            assertThat(r.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void rejectedCheckoutsAreClientErrorsUnlessTheProblemIsABusinessDecline() throws Exception {
        // 1 in 5 checkouts: 422 bad input; 1 in 5: 409 OUT_OF_STOCK problem; the rest accepted (and never polled).
        try (TestServers.Server server = TestServers.replying(i -> i % 5 == 1
                ? new TestServers.Reply(422, "{\"title\":\"invalid cart\"}")
                : i % 5 == 2 ? new TestServers.Reply(409, "{\"title\":\"rejected\",\"reason\":\"OUT_OF_STOCK\"}")
                : new TestServers.Reply(202, "{\"orderId\":\"o-" + i + "\"}"))) {
            DataSpec spec = DataSpec.defaults().withMix(io.firedrill.traffic.data.WorkloadMix.CHECKOUT_ONLY);
            TrafficResult r = TrafficRunner.run(TrafficConfig.builder(Profiles.constant(20, Duration.ofSeconds(1)))
                    .targets(Targets.allAt(server.url())).loadCatalog(false).trackCompletion(false).data(spec)
                    .headers(Map.of("X-Test", "1")).build());
            TrafficResult.OperationSummary accepted = r.operation(Operation.CHECKOUT_ACCEPTED);
            assertThat(accepted.outcomes()).containsEntry("ok", 12L).containsEntry("client_error", 4L)
                    .containsEntry("business_decline", 4L);
            assertThat(accepted.reasons()).containsEntry("http_422", 4L).containsEntry("OUT_OF_STOCK", 4L);
            assertThat(accepted.errorRate()).isEqualTo(0.2);
        }
    }
}
