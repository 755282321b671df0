package io.firedrill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.traffic.TrafficResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How bench-flash-sale turns the traffic tool's outcomes, order-service's counters and the databases into its report. */
class FlashSaleBenchmarkTest {

    @Test
    void everyBuyerIsCountedOnceByStatusAndThe503sOfTheAdmissionGateAreToldApartByOrderServicesCounter() {
        TrafficResult.OperationSummary accepted = accepted(10_000,
                Map.of("ok", 300L, "business_decline", 8_000L, "server_error", 1_650L, "client_error", 20L, "timeout", 25L, "dropped", 5L),
                Map.of("OUT_OF_STOCK", 8_000L, "http_503", 1_600L, "http_500", 50L, "http_422", 20L, "timeout", 25L));

        Map<String, Object> answers = FlashSaleBenchmark.answers(accepted, Map.of("overloaded", 1_590L, "out_of_stock", 8_000L));

        assertThat(answers).containsEntry("buyers", 10_000L).containsEntry("answered", 9_970L)
                .containsEntry("accepted202", 300L).containsEntry("outOfStock409", 8_000L)
                .containsEntry("overloaded503", 1_590L).containsEntry("other503", 10L)
                .containsEntry("otherHttp", 70L).containsEntry("timeouts", 25L).containsEntry("dropped", 5L);
        assertThat((Map<String, Long>) answers.get("otherReasons")).containsOnlyKeys("http_500", "http_422");
    }

    @Test
    void withoutOrderServiceMetricsThe503sAreReportedWithoutAType() {
        TrafficResult.OperationSummary accepted = accepted(10, Map.of("ok", 4L, "server_error", 6L), Map.of("http_503", 6L));

        Map<String, Object> answers = FlashSaleBenchmark.answers(accepted, null);

        assertThat(answers).containsEntry("overloaded503", null).containsEntry("all503", 6L).containsEntry("otherHttp", 0L);
    }

    @Test
    void theRefusalCounterIsReadByReasonFromThePrometheusExpositionAndDiffed() {
        String before = """
                # HELP firedrill_checkout_rejected_total Checkouts refused at POST /api/orders before any work, by reason
                # TYPE firedrill_checkout_rejected_total counter
                firedrill_checkout_rejected_total{application="order-service",reason="out_of_stock",service="order-service"} 12.0
                firedrill_checkout_rejected_total{application="order-service",reason="overloaded",service="order-service"} 3.0
                firedrill_checkout_total{outcome="completed"} 99.0
                """;
        String after = before.replace("} 12.0", "} 8012.0").replace("} 3.0", "} 1593.0");

        assertThat(FlashSaleBenchmark.rejectedByReason(before)).containsOnly(Map.entry("out_of_stock", 12.0), Map.entry("overloaded", 3.0));
        assertThat(FlashSaleBenchmark.delta(FlashSaleBenchmark.rejectedByReason(before), FlashSaleBenchmark.rejectedByReason(after)))
                .containsOnly(Map.entry("out_of_stock", 8_000L), Map.entry("overloaded", 1_590L));
    }

    @Test
    void aHerdAnsweredInTimeThatSoldExactlyTheUnitsConsistentlyMeetsEveryGoal() {
        Map<String, Object> goals = FlashSaleBenchmark.goals(result(0, 1_800.0, 100, 100, 0, 0));

        assertThat(goals.values()).allSatisfy(g -> assertThat(((Map<?, ?>) g).get("met")).isEqualTo(true));
    }

    @Test
    void timeoutsASlowP99AnOversellAndAnUnshippedOrderEachMissTheirGoalAndSayByHowMuch() {
        Map<String, Object> goals = FlashSaleBenchmark.goals(result(25, 4_100.0, 103, 103, 3, 1));

        assertThat(goals.values()).allSatisfy(g -> assertThat(((Map<?, ?>) g).get("met")).isEqualTo(false));
        assertThat(((Map<?, ?>) goals.get("everyBuyerAnswered")).get("actual").toString()).contains("9975 of 10000 answered (25 timeouts");
        assertThat(((Map<?, ?>) goals.get("p99AnswerWithin2s")).get("actual")).isEqualTo("4100.0 ms");
        assertThat(((Map<?, ?>) goals.get("everyUnitSold")).get("actual"))
                .isEqualTo("103 committed in inventory, 103 in COMPLETED orders, 0 back on sale (0 payments declined)");
        assertThat(((Map<?, ?>) goals.get("completedSagasConsistent")).get("actual").toString()).contains("completedWithoutShipment=1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void unitsADeclinedPaymentPutBackOnSaleAfterTheHerdCountAsAccountedForButNoMoreThanTheDeclines() {
        Map<String, Object> r = result(0, 1_800.0, 97, 97, 0, 0);
        ((Map<String, Object>) r.get("stock")).put("onHand", 100L);
        ((Map<String, Object>) r.get("stock")).put("available", 3L);
        r.put("sagas", Map.of("byStatus", Map.of("COMPLETED", 97L, "CANCELLED:PAYMENT_DECLINED", 3L)));
        assertThat(((Map<?, ?>) FlashSaleBenchmark.goals(r).get("everyUnitSold")).get("met")).isEqualTo(true);

        r.put("sagas", Map.of("byStatus", Map.of("COMPLETED", 97L, "CANCELLED:PAYMENT_DECLINED", 1L)));
        assertThat(((Map<?, ?>) FlashSaleBenchmark.goals(r).get("everyUnitSold")).get("met")).isEqualTo(false);
    }

    @Test
    void theMarkdownReportShowsTheGoalsAndTheAnswersByStatus() {
        Map<String, Object> r = result(0, 1_800.0, 100, 100, 0, 0);
        r.put("goals", FlashSaleBenchmark.goals(r));

        String md = FlashSaleReport.markdown(r);

        assertThat(md).contains("| p99 <= 2000 ms | 1800.0 ms | met |").contains("| 503 overloaded (maxSagasInFlight reached) | 1590 |")
                .contains("every saga terminal 7.5 s after the first buyer (2.5 s after the 5.0 s window)");
    }

    @Test
    void theResultIsWrittenAsJsonWithTheTrafficToolsBooksAndMarkdownBesideIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Map<String, Object> r = result(0, 1_800.0, 100, 100, 0, 0);
        r.put("flashSaleSummary", new TrafficResult.FlashSaleSummary("FLASH-TEST", 100, 10_000, 300, 100, 5, 195, 0, 0, "{}"));
        r.put("goals", FlashSaleBenchmark.goals(r));

        BenchReport.write(dir.resolve("flash-sale"), r, FlashSaleReport.markdown(r));

        String json = java.nio.file.Files.readString(dir.resolve("flash-sale.json"));
        assertThat(json).contains("\"outOfStock\" : 195").contains("\"everyBuyerAnswered\"");
        assertThat(dir.resolve("flash-sale.md")).exists();
    }

    private static TrafficResult.OperationSummary accepted(long count, Map<String, Long> outcomes, Map<String, Long> reasons) {
        TrafficResult.Percentiles none = TrafficResult.Percentiles.EMPTY;
        return new TrafficResult.OperationSummary("checkout_accepted", count, outcomes, 0, 0, none, none, reasons, null);
    }

    private static Map<String, Object> result(long timeouts, double p99, long sold, long inCompleted, long oversold, long unshipped) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("started", "2026-12-01T10:00:00Z");
        r.put("machine", Map.of("cores", 2));
        r.put("profile", "flash-sale 10000 buyers within 5.0s");
        r.put("sku", "FLASH-TEST");
        r.put("seed", 42L);
        r.put("declineRatio", 0.05);
        r.put("units", 100);
        r.put("windowSeconds", 5.0);
        r.put("trafficReport", ".firedrill/traffic/x");
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("buyers", 10_000L);
        answers.put("answered", 10_000L - timeouts);
        answers.put("accepted202", 300L);
        answers.put("outOfStock409", 8_000L);
        answers.put("overloaded503", 1_590L);
        answers.put("other503", 0L);
        answers.put("otherHttp", 110L - timeouts);
        answers.put("timeouts", timeouts);
        answers.put("connectionErrors", 0L);
        answers.put("dropped", 0L);
        answers.put("otherReasons", Map.of());
        r.put("answers", answers);
        r.put("answerMs", Map.of("p50", 40.0, "p99", p99, "max", p99 + 100, "serviceTimeP50", 30.0, "serviceTimeP99", 900.0,
                "serviceTimeMax", 1_000.0));
        r.put("orderServiceRefusals", Map.of("overloaded", 1_590L));
        r.put("sagas", Map.of("orders", 300L, "byStatus", Map.of("COMPLETED", inCompleted), "leftInFlight", 0L,
                "allTerminalSecondsAfterFirstBuyer", 7.5, "allTerminalSecondsAfterWindow", 2.5));
        Map<String, Object> stock = new LinkedHashMap<>();
        stock.put("onHand", sold - oversold);
        stock.put("reserved", 0L);
        stock.put("soldUnits", sold);
        stock.put("oversoldUnits", oversold);
        stock.put("available", -oversold);
        stock.put("unitsInCompletedOrders", inCompleted);
        r.put("stock", stock);
        Map<String, Object> consistency = new LinkedHashMap<>();
        consistency.put("completedWithoutCommittedReservation", 0L);
        consistency.put("completedWithoutShipment", unshipped);
        r.put("consistency", consistency);
        r.put("cpuSeconds", 12.3);
        r.put("machineCpuBusy", 0.97);
        r.put("cpuCores", Map.of("total", 1.9));
        r.put("rssMiB", Map.of("total", 3000L));
        return r;
    }
}
