package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert path end to end, in the demo alert profile: payment-service dies under checkout traffic, the shop refuses
 * every buyer whose saved card it cannot confirm (503 payment-methods-unavailable, counted by the checkout-availability
 * SLI) and the sagas caught mid-payment time out, the checkout-availability fast burn (14.4x over 1h and 5m, compressed
 * to 30 s and 10 s) pages, and the page reaches the webhook sink; payment-service comes back and the alert resolves.
 * The seconds from fault to sink are printed and written to e2e/target/alert-latency/checkout-burn-rate.json.
 *
 * <p>Before the fault the buyers are new customers who tokenize their card at payment-service first; from the fault on
 * they are returning customers with a saved card (tokenized before the fault, never used yet), as a shop has both: a
 * new customer cannot even reach the checkout while payment-service is down.
 */
@ExtendWith(ServicesExtension.class)
class CheckoutBurnRateAlertTest {

    private static final String PAGE = "CheckoutAvailabilityBudgetBurnFast";
    private static final String VICTIM = "payment-service";
    /** Checkouts per second while the fault runs: enough for the ratio windows, light on a shared 2-core machine. */
    private static final int RATE = 3;

    @Test
    void checkoutBurnRatePageReachesTheSinkWhenPaymentDiesAndResolvesWhenItIsBack(Firedrill firedrill) throws Exception {
        String config = firedrill.send("GET", firedrill.endpoints().prometheusUrl() + "/api/v1/status/config", null).body();
        Assumptions.assumeTrue(config.contains("alert_profile: demo"),
                "needs the demo alert profile (FIREDRILL_ALERT_PROFILE=demo, the default): the production windows take hours");
        // The saga's deadlines and retries decide when a checkout counts as failed: start from the defaults whatever an
        // earlier test left.
        firedrill.resetOrderSettings();
        String sku = firedrill.loadCatalog(100_000).get(0);
        // Returning customers' saved cards, for the buyers from the fault on (about 3 minutes of them).
        Queue<ObjectNode> returning = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < RATE * 180; i++) {
            UUID customer = UUID.randomUUID();
            returning.add(Firedrill.orderBodyWithToken(customer, firedrill.cardToken(customer, Firedrill.GOOD_CARD), Map.of(sku, 1)));
        }
        AtomicInteger accepted = new AtomicInteger();
        AtomicBoolean faulted = new AtomicBoolean();
        Map<Integer, Integer> answersAfterFault = new ConcurrentSkipListMap<>();
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> {
            ObjectNode saved = faulted.get() ? returning.poll() : null;
            if (saved == null) {
                firedrill.placeOrderAsync(Firedrill.GOOD_CARD, Map.of(sku, 1)).thenRun(accepted::incrementAndGet);
            } else {
                firedrill.postOrderAsync(saved).thenAccept(r -> answersAfterFault.merge(r.statusCode(), 1, Integer::sum));
            }
        }, 0, 1000 / RATE, TimeUnit.MILLISECONDS);
        Instant fault = null;
        Instant fired = null;
        Instant restarted = null;
        Instant resolved = null;
        try {
            // Steady state: this test's own checkouts complete (the whole pipeline works before the fault), the SLI has
            // data and the page is silent.
            Timestamp started = Timestamp.from(Instant.now().minusSeconds(1));
            Awaitility.await("a checkout of this test completed before the fault").atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> firedrill.count("firedrill_order",
                            "SELECT COUNT(*) FROM orders WHERE status = 'COMPLETED' AND created_at >= ?", started) >= 3);
            Awaitility.await("checkout SLI recorded").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> !firedrill.prometheus("slo:sli_error:ratio_rate1h{slo=\"checkout-availability\"}").isEmpty());
            assertThat(firedrill.prometheus("ALERTS{alertname=\"" + PAGE + "\",alertstate=\"firing\"}")).as("firing before the fault").isEmpty();

            fault = Instant.now();
            firedrill.stack().kill(VICTIM);
            faulted.set(true);
            Instant since = fault;
            // Every returning customer is refused 503 from the kill on (the saved card cannot be confirmed), so the
            // demo windows (30 s / 10 s) page within seconds; the sagas caught mid-payment add PAYMENT_TIMEOUTs after
            // their resends (15 + 30 + 60 s, jittered). Before the refusals counted, only those few sagas burned the
            // budget, and a kill that caught none never paged (CI, twice).
            Awaitility.await(PAGE + " firing at the sink").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !sinkAlerts(firedrill, "firing", since).isEmpty());
            fired = Instant.parse(sinkAlerts(firedrill, "firing", since).get(0).path("receivedAt").asText());
            double seconds = Duration.between(fault, fired).toMillis() / 1000.0;
            System.out.printf("%s: %s killed at %s, page at the sink at %s: %.1f s (answers to returning customers so far: %s)%n",
                    PAGE, VICTIM, fault, fired, seconds, answersAfterFault);
            assertThat(answersAfterFault).as("returning customers refused while payment-service is dead").containsKey(503);

            restarted = Instant.now();
            restart(firedrill);
            Instant back = restarted;
            Awaitility.await(PAGE + " resolved at the sink").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !sinkAlerts(firedrill, "resolved", back).isEmpty());
            resolved = Instant.parse(sinkAlerts(firedrill, "resolved", back).get(0).path("receivedAt").asText());
            System.out.printf("%s: %s restarted at %s, resolved at the sink at %s: %.1f s%n", PAGE, VICTIM, restarted,
                    resolved, Duration.between(restarted, resolved).toMillis() / 1000.0);
            assertThat(accepted.get()).as("checkouts accepted while the test ran").isPositive();
        } catch (Throwable failed) {
            // In the message, not only on stdout: CI shows the failure line, not the test's output.
            throw new AssertionError(failed.getMessage() + " | what the pipeline saw: " + whatThePipelineSaw(firedrill, fault), failed);
        } finally {
            traffic.shutdownNow();
            record(fault, fired, restarted, resolved);
            if (!victimHealthy(firedrill)) {
                restart(firedrill);
            }
            // The orders taken while payment was dead time out and compensate, and the commands queued for it drain:
            // the next test must not queue behind them.
            firedrill.awaitQuiet(Duration.ofMinutes(5));
        }
    }

    /**
     * Starts the victim again and waits until it is healthy. On a loaded machine a service can take longer than the
     * stack's start timeout to answer; it keeps starting, so the wait goes on here (and {@code up} registers it with
     * Prometheus once it answers).
     */
    private static void restart(Firedrill firedrill) {
        try {
            firedrill.stack().upServices();
        } catch (RuntimeException slow) {
            System.out.println(VICTIM + " not up within the stack's start timeout, still waiting: " + slow.getMessage());
            Awaitility.await(VICTIM + " healthy").atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(5))
                    .ignoreExceptions().until(() -> victimHealthy(firedrill));
            firedrill.stack().upServices();
        }
    }

    private static boolean victimHealthy(Firedrill firedrill) {
        return firedrill.stack().serviceStatus().stream().anyMatch(s -> s.component().equals(VICTIM) && s.healthy());
    }

    private static List<JsonNode> sinkAlerts(Firedrill firedrill, String status, Instant since) throws Exception {
        String url = firedrill.endpoints().alertSinkUrl() + "/api/alerts?alertname=" + PAGE + "&status=" + status + "&since=" + since;
        JsonNode rows = Firedrill.JSON.readTree(firedrill.send("GET", url, null).body());
        return Firedrill.JSON.convertValue(rows, Firedrill.JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
    }

    /** Each stage of the alert path as it stands, on one line, so a failure says where the page stopped. */
    private static String whatThePipelineSaw(Firedrill firedrill, Instant fault) {
        List<String> seen = new ArrayList<>();
        List<String> queries = List.of(
                "sum by (outcome, reason) (increase(firedrill_checkout_total[2m]))",
                "slo:sli_error:ratio_rate5m{slo=\"checkout-availability\"}",
                "slo:sli_error:ratio_rate1h{slo=\"checkout-availability\"}",
                "ALERTS",
                "up == 0",
                "firedrill_kafka_broker_reachable");
        for (String query : queries) {
            try {
                seen.add(query + " = " + firedrill.prometheus(query));
            } catch (Exception e) {
                seen.add(query + " failed: " + e);
            }
        }
        Timestamp since = Timestamp.from(fault == null ? Instant.EPOCH : fault.minusSeconds(120));
        List<Map.Entry<String, Callable<Object>>> reads = List.of(
                Map.entry("sagas by state and step", () -> Firedrill.JSON.writeValueAsString(firedrill.query("firedrill_order",
                        "SELECT state, step, COUNT(*) AS n FROM saga_instance GROUP BY state, step"))),
                Map.entry("orders from 2 min before the fault by status and reason", () -> Firedrill.JSON.writeValueAsString(
                        firedrill.query("firedrill_order", "SELECT status, reason, COUNT(*) AS n FROM orders WHERE created_at > ? "
                                + "GROUP BY status, reason", since))),
                Map.entry("order settings", () -> firedrill.admin("GET", firedrill.adminUrl(0) + "/admin/settings", null).body()),
                Map.entry("inventory settings", () -> firedrill.admin("GET", firedrill.adminUrl(1) + "/admin/settings", null).body()),
                Map.entry("Alertmanager alerts", () -> firedrill.send("GET",
                        firedrill.endpoints().alertmanagerUrl() + "/api/v2/alerts", null).body()),
                Map.entry("sink", () -> firedrill.send("GET",
                        firedrill.endpoints().alertSinkUrl() + "/api/alerts?alertname=" + PAGE, null).body()));
        for (Map.Entry<String, Callable<Object>> read : reads) {
            try {
                seen.add(read.getKey() + ": " + read.getValue().call());
            } catch (Exception e) {
                seen.add(read.getKey() + " failed: " + e);
            }
        }
        String all = String.join(" | ", seen).replace('\n', ' ');
        System.out.println("[diagnosis] " + all);
        return all;
    }

    /** The figures, also when the test fails half-way (the missing ones are null). */
    private static void record(Instant fault, Instant fired, Instant restarted, Instant resolved) throws Exception {
        var json = Firedrill.JSON.createObjectNode().put("alert", PAGE).put("fault", "kill -9 " + VICTIM).put("profile", "demo")
                .put("checkoutsPerSecond", RATE)
                .put("faultAt", String.valueOf(fault)).put("firingAtSink", String.valueOf(fired))
                .put("restartedAt", String.valueOf(restarted)).put("resolvedAtSink", String.valueOf(resolved));
        if (fault != null && fired != null) {
            json.put("secondsFaultToSink", Duration.between(fault, fired).toMillis() / 1000.0);
        }
        if (restarted != null && resolved != null) {
            json.put("secondsRestartToResolved", Duration.between(restarted, resolved).toMillis() / 1000.0);
        }
        Path out = Path.of("target", "alert-latency", "checkout-burn-rate.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Firedrill.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }
}
