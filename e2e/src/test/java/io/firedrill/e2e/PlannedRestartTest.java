package io.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.stack.Processes;
import io.firedrill.stack.Stack;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A planned stop and start of a service (`firedrill-stack stop` then `up --services`, as `make down`, `make up` and the
 * demo's cache restart do it) pages nobody: the service leaves Prometheus's scrape targets before it stops and joins
 * them only once ready. A crash of the same service (kill -9) still pages ServiceDown: only a real loss does.
 */
@ExtendWith(ServicesExtension.class)
class PlannedRestartTest {

    private static final String SERVICE = "shipment-service";

    @Test
    void aPlannedRestartPagesNobodyAndACrashPagesServiceDown(Firedrill firedrill) throws Exception {
        Stack stack = firedrill.stack();
        Instant start = Instant.now();

        long pid = stack.stopService(SERVICE);
        assertThat(Processes.isAlive(pid)).as("stopped").isFalse();
        assertThat(firedrill.prometheus("up{job=\"services\",service=\"" + SERVICE + "\"}")).as("still scraped").isEmpty();
        stack.upServices();
        // ServiceDown's `for` is 2 s in the demo profile, evaluated every 2 s: give it several evaluations.
        Thread.sleep(8_000);
        assertThat(firedrill.prometheus(everServiceDown(start))).as("ServiceDown (pending or firing) during a planned restart")
                .isEmpty();

        // The control: the same service crashes, and that pages.
        Instant crash = Instant.now();
        stack.kill(SERVICE);
        try {
            Awaitility.await("ServiceDown fires for the crashed service").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> firedrill.prometheus("ALERTS{alertname=\"ServiceDown\",alertstate=\"firing\",service=\""
                            + SERVICE + "\"}"), rows -> !rows.isEmpty());
        } finally {
            stack.upServices();
        }
        assertThat(Duration.between(crash, Instant.now())).isLessThan(Duration.ofMinutes(2));
    }

    private static String everServiceDown(Instant since) {
        long seconds = Math.max(10, Duration.between(since, Instant.now()).toSeconds() + 2);
        return "max_over_time(ALERTS{alertname=\"ServiceDown\",service=\"" + SERVICE + "\"}[" + seconds + "s])";
    }
}
