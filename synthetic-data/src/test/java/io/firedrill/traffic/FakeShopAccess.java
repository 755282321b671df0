package io.firedrill.traffic;

import io.firedrill.traffic.profile.Profiles;
import java.time.Duration;

/** Runs against {@link FakeShop} for tests in other packages. */
public final class FakeShopAccess {
    private FakeShopAccess() {}

    /** Three seconds of the shop workload with a marker after the first second. */
    public static TrafficResult shortShopRunWithMarker() throws Exception {
        try (FakeShop shop = new FakeShop(150, false)) {
            TrafficRun run = TrafficRunner.start(TrafficConfig.builder(Profiles.constant(60, Duration.ofSeconds(3)))
                    .targets(Targets.allAt(shop.url())).pollInterval(Duration.ofMillis(50)).completionTimeout(Duration.ofSeconds(5))
                    .threshold(Threshold.parse("requests.p99<=5s")).runId("report-demo")
                    .progress(s -> { }).build());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> run.snapshot().elapsedSeconds() >= 1);
            run.mark("fault injected");
            return run.await(Duration.ofSeconds(30));
        }
    }
}
