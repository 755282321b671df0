package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.chaos.provider.Provider;
import io.firedrill.chaos.provider.Providers;
import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.core.Timeline;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The oversell scenario's payment lever on the running system: the chaos runner's {@code chaos-monkey} action puts a
 * latency assault on payment-service (started by the stack under the chaos-monkey profile), which measurably slows
 * every authorization of real checkouts; the scenario's rollback action ({@code assault: off}) restores them.
 * Measured by payment-service's own provider timer ({@code firedrill_payment_provider_seconds}), whose calls go
 * through the watched bean.
 */
@ExtendWith(ServicesExtension.class)
class PaymentLatencyAssaultTest {

    /** Far above a normal authorization (50 ms provider latency), even on a loaded machine. */
    private static final Duration ASSAULT = Duration.ofSeconds(3);
    private static final Pattern AUTHORIZE = Pattern.compile(
            "firedrill_payment_provider_seconds_(sum|count)\\{[^}]*operation=\"authorize\"[^}]*} ([0-9.eE+-]+)");

    private final Provider monkey = Providers.forType("chaos-monkey");
    private Firedrill firedrill;
    private RunContext context;

    @AfterEach
    void assaultOff() throws Exception {
        if (context != null) {
            monkey.run(Map.of("service", "payment", "assault", "off"), context);
        }
    }

    @Test
    void theChaosMonkeyActionSlowsAuthorizationsAndItsRollbackRestoresThem(Firedrill firedrill) throws Exception {
        this.firedrill = firedrill;
        this.context = new RunContext(firedrill.stack(), firedrill.endpoints(), "defect", Map.of(), new Timeline());
        String sku = firedrill.loadCatalog(100).get(0);

        monkey.run(Map.of("service", "payment", "assault", "latency", "latency", ASSAULT.toMillis() + "ms"), context);
        Duration during = averageAuthorization(sku);

        Object rolledBack = monkey.run(Map.of("service", "payment", "assault", "off"), context);
        assertThat(rolledBack.toString()).contains("latencyActive=false");
        Duration after = averageAuthorization(sku);

        System.out.printf("payment authorization: %d ms average under a %d ms chaos-monkey latency assault, %d ms after"
                + " the rollback%n", during.toMillis(), ASSAULT.toMillis(), after.toMillis());
        assertThat(during).isGreaterThanOrEqualTo(ASSAULT);
        assertThat(after).isLessThan(ASSAULT);
    }

    /** Places three checkouts, waits until each saga ends, returns the average provider time of their authorizations. */
    private Duration averageAuthorization(String sku) throws Exception {
        double[] before = authorizeTimer();
        List<UUID> orders = List.of(firedrill.placeOrder(Firedrill.GOOD_CARD, Map.of(sku, 1)),
                firedrill.placeOrder(Firedrill.GOOD_CARD, Map.of(sku, 1)),
                firedrill.placeOrder(Firedrill.GOOD_CARD, Map.of(sku, 1)));
        for (UUID order : orders) {
            assertThat(firedrill.awaitTerminal(order, Duration.ofSeconds(120)).get("status")).isEqualTo("COMPLETED");
        }
        double[] now = authorizeTimer();
        assertThat(now[1] - before[1]).as("authorizations timed").isGreaterThanOrEqualTo(orders.size());
        return Duration.ofMillis(Math.round((now[0] - before[0]) / (now[1] - before[1]) * 1000));
    }

    /** {seconds, calls} of the authorize provider timer, summed over outcomes, from payment-service's scrape. */
    private double[] authorizeTimer() throws Exception {
        HttpResponse<String> scrape = firedrill.send("GET", firedrill.adminUrl(2) + "/actuator/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        double[] total = new double[2];
        Matcher m = AUTHORIZE.matcher(scrape.body());
        while (m.find()) {
            total[m.group(1).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(2));
        }
        return total;
    }
}
