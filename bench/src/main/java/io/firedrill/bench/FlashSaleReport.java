package io.firedrill.bench;

import java.util.Locale;
import java.util.Map;

/** bench/results/flash-sale.md from the JSON result of {@link FlashSaleBenchmark}. */
final class FlashSaleReport {

    private FlashSaleReport() {}

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        Map<String, Object> answers = (Map<String, Object>) r.get("answers");
        Map<String, Object> ms = (Map<String, Object>) r.get("answerMs");
        Map<String, Object> sagas = (Map<String, Object>) r.get("sagas");
        Map<String, Object> stock = (Map<String, Object>) r.get("stock");
        StringBuilder md = new StringBuilder("# bench-flash-sale: a thundering herd for one SKU\n\n");
        md.append("Measured by `make bench-flash-sale` (").append(r.get("started")).append(", machine ").append(r.get("machine"))
                .append("): ").append(r.get("profile")).append(", ").append(r.get("units")).append(" units of a fresh SKU (")
                .append(r.get("sku")).append("), synthetic-data's flash-sale profile in-process (seed ").append(r.get("seed"))
                .append(", ").append(Math.round(100 * ((Number) r.get("declineRatio")).doubleValue()))
                .append("% of buyers pay with a declining card, as the traffic CLI does: a declined payment puts its unit back on sale). "
                        + "Answer times are from each buyer's intended arrival (coordinated-omission corrected); stock and "
                        + "consistency come from the services' databases after every saga of the run ended. Traffic report: `")
                .append(r.get("trafficReport")).append("`.\n\n");

        md.append("## Against the goals\n\n| goal | measured | |\n|---|---|---|\n");
        ((Map<String, Object>) r.get("goals")).forEach((name, g) -> {
            Map<String, Object> goal = (Map<String, Object>) g;
            md.append("| ").append(goal.get("goal")).append(" | ").append(goal.get("actual")).append(" | ")
                    .append(Boolean.TRUE.equals(goal.get("met")) ? "met" : "**not met**").append(" |\n");
        });

        md.append("\n## Answers to POST /api/orders\n\n| answer | buyers |\n|---|---:|\n")
                .append(row("202 accepted", answers.get("accepted202")))
                .append(row("409 out-of-stock (problem reason OUT_OF_STOCK)", answers.get("outOfStock409")));
        if (answers.get("overloaded503") != null) {
            md.append(row("503 overloaded (maxSagasInFlight reached)", answers.get("overloaded503")))
                    .append(row("503 other (catalog or store unavailable)", answers.get("other503")));
        } else {
            md.append(row("503, type unknown (order-service metrics unreadable)", answers.get("all503")));
        }
        md.append(row("other HTTP answer " + answers.get("otherReasons"), answers.get("otherHttp")))
                .append(row("no answer: timeout", answers.get("timeouts")))
                .append(row("no answer: connection error", answers.get("connectionErrors")))
                .append(row("not sent: dropped at the in-flight bound", answers.get("dropped")))
                .append(row("**all buyers**", answers.get("buyers")));
        md.append(String.format(Locale.ROOT, "%nAnswer time: p50 %s ms, p99 %s ms, max %s ms (service time, from the moment the "
                        + "request left: p50 %s, p99 %s, max %s ms). order-service's own count of its refusals over the run: %s.%n",
                ms.get("p50"), ms.get("p99"), ms.get("max"), ms.get("serviceTimeP50"), ms.get("serviceTimeP99"), ms.get("serviceTimeMax"),
                r.get("orderServiceRefusals")));
        Map<String, Object> late = (Map<String, Object>) r.get("generatorLateMs");
        if (late != null) {
            md.append(String.format(Locale.ROOT, "%nThe herd's generator runs on this machine too (one event-loop thread, nice %s; "
                            + "bench/bin/firedrill-bench-flash-sale raises its priority when it may): it sent buyers p50 %s ms, "
                            + "p99 %s ms, max %s ms after their intended instant, and they share 500 connections. Both waits are "
                            + "part of the answer time above (which counts from the intended instant); a buyer's 5 s timeout "
                            + "starts when its request is handed to the connection pool, the service time when it is written.%n",
                    r.getOrDefault("generatorNice", "?"), late.get("p50"), late.get("p99"), late.get("max")));
        }

        md.append("\n## Sagas and stock\n\n")
                .append(String.format(Locale.ROOT, "- %s orders of the run, by status: %s; left in flight after 2 minutes: %s%n",
                        sagas.get("orders"), sagas.get("byStatus"), sagas.get("leftInFlight")))
                .append(String.format(Locale.ROOT, "- every saga terminal %s s after the first buyer (%s s after the %s s window)%n",
                        orNotReached(sagas.get("allTerminalSecondsAfterFirstBuyer")), orNotReached(sagas.get("allTerminalSecondsAfterWindow")),
                        r.get("windowSeconds")))
                .append(String.format(Locale.ROOT, "- stock of the SKU: %s%n", stock))
                .append(String.format(Locale.ROOT, "- consistency of the run's orders across inventory, payment and shipment (each 0 when "
                        + "consistent): %s%n", r.get("consistency")))
                .append(String.format(Locale.ROOT, "- the traffic tool's flash-sale books: %s%n", r.get("flashSaleSummary")));

        md.append(String.format(Locale.ROOT, "%n## CPU and memory%n%nCPU cores per process over the %s s from the herd's start until "
                        + "the traffic tool had followed every accepted checkout to its end (from /proc; the machine has %s cores, %.0f%% "
                        + "busy): %s%n%nRSS MiB per process after the run: %s%n",
                r.get("cpuSeconds"), ((Map<String, Object>) r.get("machine")).get("cores"),
                100 * ((Number) r.get("machineCpuBusy")).doubleValue(), r.get("cpuCores"), r.get("rssMiB")));
        return md.toString();
    }

    private static String row(String label, Object value) {
        return "| " + label + " | " + value + " |\n";
    }

    private static Object orNotReached(Object seconds) {
        return seconds == null ? "(not reached)" : seconds;
    }
}
