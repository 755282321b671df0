package io.firedrill.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.traffic.profile.Profiles;
import io.firedrill.traffic.report.ReportWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A soak compares the p99 of its last tenth with its first: a target that slows down over the run shows as drift. */
class SoakDriftTest {

    @Test
    void aSoakAgainstATargetThatSlowsDownReportsTheDriftOfItsLastTenth() throws Exception {
        AtomicInteger n = new AtomicInteger();
        // 40/s for 5 s = 200 requests; the first tenth is requests 1-20, the last tenth 181-200. From the 171st on
        // the target takes 150 ms (its slowness is the behaviour under test, not synchronisation).
        try (TestServers.Server server = TestServers.start(() -> {
            if (n.incrementAndGet() > 170) {
                LockSupport.parkNanos(150_000_000L);
            }
        })) {
            TrafficResult r = TrafficRunner.run(TrafficConfig.builder(Profiles.soak(40, Duration.ofSeconds(5)))
                    .rawUrl(server.url()).build());

            assertThat(r.run().profile()).isEqualTo("soak");
            assertThat(r.rates().sent()).isEqualTo(200);
            TrafficResult.Drift drift = r.drift().get(Operation.REQUEST.key());
            assertThat(drift.firstTenthP99Ms()).isLessThan(100);
            assertThat(drift.lastTenthP99Ms()).isGreaterThanOrEqualTo(150);
            assertThat(drift.ratio()).isEqualTo(Math.round(drift.lastTenthP99Ms() / drift.firstTenthP99Ms() * 100) / 100.0)
                    .isGreaterThan(1.5);
            assertThat(ReportWriter.markdown(r)).contains("## Drift (p99, first vs last tenth)").contains("| request | ");
            assertThat(ReportWriter.html(r)).contains("<table id=\"drift\">");
        }
    }

    @Test
    void onlyASoakReportsDrift() throws Exception {
        try (TestServers.Server server = TestServers.start(() -> { })) {
            TrafficResult r = TrafficRunner.run(TrafficConfig.builder(Profiles.constant(40, Duration.ofSeconds(1)))
                    .rawUrl(server.url()).build());
            assertThat(r.rates().sent()).isEqualTo(40);
            assertThat(r.drift()).isNull();
            assertThat(ReportWriter.markdown(r)).doesNotContain("Drift");
        }
    }
}
