package io.firedrill.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.events.PaymentAuthorized;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/**
 * The oversell scenario's payment lever: payment-service under the {@code chaos-monkey} profile, as the stack starts
 * it. A latency assault through {@code /actuator/chaosmonkey/assaults} (admin token) slows every authorization by the
 * assault's latency; turning it off, as the scenario's rollback does, makes authorizations fast again.
 */
@ActiveProfiles("chaos-monkey")
class ChaosMonkeyLatencyTest extends PaymentTestSupport {

    /** Far above what an authorization costs here (20 ms provider latency), even on a loaded machine. */
    private static final Duration ASSAULT = Duration.ofSeconds(4);

    @AfterEach
    void assaultsOff() {
        admin().post("/actuator/chaosmonkey/assaults", "{\"latencyActive\":false,\"exceptionsActive\":false}");
    }

    @Test
    void aLatencyAssaultDelaysAuthorizationUntilTheRollbackTurnsItOff() {
        assertThat(admin().withoutToken().post("/actuator/chaosmonkey/assaults", "{\"latencyActive\":true}").statusCode())
                .isEqualTo(401);
        Duration before = authorizeAndTime();

        HttpResponse<String> on = admin().post("/actuator/chaosmonkey/assaults", """
                {"level":1,"latencyActive":true,"latencyRangeStart":%d,"latencyRangeEnd":%d}"""
                .formatted(ASSAULT.toMillis(), ASSAULT.toMillis()));
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        Duration assaulted = authorizeAndTime();

        HttpResponse<String> off = admin().post("/actuator/chaosmonkey/assaults", "{\"latencyActive\":false}");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(admin().get("/actuator/chaosmonkey/assaults").body()).contains("\"latencyActive\":false");
        Duration after = authorizeAndTime();

        System.out.printf("authorization: %d ms before, %d ms under a %d ms latency assault, %d ms after rollback%n",
                before.toMillis(), assaulted.toMillis(), ASSAULT.toMillis(), after.toMillis());
        assertThat(assaulted).isGreaterThanOrEqualTo(ASSAULT);
        assertThat(before).isLessThan(ASSAULT);
        assertThat(after).isLessThan(ASSAULT);
    }

    /** One authorization through the real handler (database, outbox); returns how long it took. */
    private Duration authorizeAndTime() {
        UUID orderId = UUID.randomUUID();
        long start = System.nanoTime();
        dispatch(new AuthorizePayment(orderId, UUID.randomUUID(), 1999, "EUR", CARD));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(announced(orderId, PaymentAuthorized.class)).hasSize(1);
        return took;
    }
}
