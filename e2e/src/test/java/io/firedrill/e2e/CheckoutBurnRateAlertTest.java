package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert path end to end, in the demo alert profile: payment-service dies under checkout traffic, sagas time out
 * at the payment step and cancel, the checkout-availability fast burn (14.4x over 1h and 5m, compressed to 30 s and
 * 10 s) pages, and the page reaches the webhook sink; payment-service comes back and the alert resolves. The seconds
 * from fault to sink are printed and written to e2e/target/alert-latency/checkout-burn-rate.json.
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
        String sku = firedrill.loadCatalog(100_000).get(0);
        AtomicInteger accepted = new AtomicInteger();
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> firedrill.placeOrderAsync(Firedrill.GOOD_CARD, Map.of(sku, 1))
                .thenRun(accepted::incrementAndGet), 0, 1000 / RATE, TimeUnit.MILLISECONDS);
        Instant fault = null;
        Instant fired = null;
        Instant restarted = null;
        Instant resolved = null;
        try {
            // Steady state: the SLI has data and the page is silent.
            Awaitility.await("checkout SLI recorded").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> !firedrill.prometheus("slo:sli_error:ratio_rate1h{slo=\"checkout-availability\"}").isEmpty());
            assertThat(firedrill.prometheus("ALERTS{alertname=\"" + PAGE + "\",alertstate=\"firing\"}")).as("firing before the fault").isEmpty();

            fault = Instant.now();
            firedrill.stack().kill(VICTIM);
            Instant since = fault;
            // Payment step deadline 15 s, resent twice with doubling (15 + 30 + 60 s), then the saga cancels with
            // PAYMENT_TIMEOUT; the demo windows (30 s / 10 s) then page within seconds.
            Awaitility.await(PAGE + " firing at the sink").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !sinkAlerts(firedrill, "firing", since).isEmpty());
            fired = Instant.parse(sinkAlerts(firedrill, "firing", since).get(0).path("receivedAt").asText());
            double seconds = Duration.between(fault, fired).toMillis() / 1000.0;
            System.out.printf("%s: %s killed at %s, page at the sink at %s: %.1f s%n", PAGE, VICTIM, fault, fired, seconds);

            restarted = Instant.now();
            restart(firedrill);
            Instant back = restarted;
            Awaitility.await(PAGE + " resolved at the sink").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !sinkAlerts(firedrill, "resolved", back).isEmpty());
            resolved = Instant.parse(sinkAlerts(firedrill, "resolved", back).get(0).path("receivedAt").asText());
            System.out.printf("%s: %s restarted at %s, resolved at the sink at %s: %.1f s%n", PAGE, VICTIM, restarted,
                    resolved, Duration.between(restarted, resolved).toMillis() / 1000.0);
            assertThat(accepted.get()).as("checkouts accepted while the test ran").isPositive();
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
