package io.firedrill.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.traffic.profile.Profiles;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A server that stalls for one second. The open model charges every user scheduled during the stall with the
 * time they waited, so the stall is visible at p99; a naive closed loop sends nothing while it waits, records
 * one slow request among thousands, and reports a p99 that never saw the stall.
 */
class CoordinatedOmissionTest {

    private static final long STALL_AFTER = 1_500_000_000L;
    private static final long STALL = 1_000_000_000L;
    private static final Duration RUN = Duration.ofSeconds(4);

    /** Holds every request that arrives within [first + 1.5 s, first + 2.5 s) until the stall ends. */
    private static Runnable stallingOnce() {
        return TestServers.stallingOnce(STALL_AFTER, STALL);
    }

    @Test
    void openModelShowsTheStallInP99WhereANaiveClosedLoopHidesIt() throws Exception {
        double openP99;
        double serviceP99;
        try (TestServers.Server server = TestServers.start(stallingOnce())) {
            TrafficResult r = TrafficRunner.run(TrafficConfig.builder(Profiles.constant(100, RUN)).rawUrl(server.url()).build());
            TrafficResult.OperationSummary op = r.operation(Operation.REQUEST);
            openP99 = op.latencyMs().p99();
            serviceP99 = op.serviceTimeMs().p99();
            assertThat(op.count()).isEqualTo(400);
        }

        Histogram naive = new Histogram(3_600_000_000L, 3);
        long naiveRequests;
        try (TestServers.Server server = TestServers.start(stallingOnce())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest get = HttpRequest.newBuilder(server.url()).GET().build();
            long end = System.nanoTime() + RUN.toNanos();
            // Closed loop: send, wait for the answer, record the service time, send the next.
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                client.send(get, HttpResponse.BodyHandlers.discarding());
                naive.recordValue((System.nanoTime() - start) / 1_000);
            }
            naiveRequests = naive.getTotalCount();
        }
        double naiveP99 = naive.getValueAtPercentile(99) / 1000.0;
        double naiveMax = naive.getMaxValue() / 1000.0;
        // HdrHistogram's after-the-fact correction for closed loops: back-fill the requests that should have been sent.
        double expectedIntervalUs = Math.max(1, RUN.toNanos() / 1_000.0 / naiveRequests);
        double correctedP99 = naive.copyCorrectedForCoordinatedOmission((long) expectedIntervalUs).getValueAtPercentile(99) / 1000.0;

        System.out.printf("coordinated omission: open model p99 %.1f ms (service time p99 %.1f ms); naive closed loop "
                        + "p99 %.1f ms over %d requests (max %.1f ms); naive corrected by HdrHistogram p99 %.1f ms%n",
                openP99, serviceP99, naiveP99, naiveRequests, naiveMax, correctedP99);

        // The stall held ~25% of the open model's requests for up to a second.
        assertThat(openP99).isGreaterThan(800);
        // The closed loop did meet the stall (its max shows it) but only once, so p99 stays small.
        assertThat(naiveMax).isGreaterThan(800);
        assertThat(naiveRequests).isGreaterThan(300);
        assertThat(naiveP99).isLessThan(200);
        assertThat(correctedP99).isGreaterThan(500);
    }

    @Test
    void aHiccupOfTheGeneratorItselfIsChargedToLatencyNotHidden() throws Exception {
        try (TestServers.Server server = TestServers.start(() -> { })) {
            java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
            TrafficResult r = TrafficRunner.run(TrafficConfig.builder(Profiles.constant(100, Duration.ofSeconds(3)))
                    .rawUrl(server.url())
                    .progress(s -> {
                        // Simulates a 700 ms GC pause of the sender: the progress sink runs on the scheduling thread.
                        if (s.elapsedSeconds() >= 1 && paused.compareAndSet(false, true)) {
                            LockSupport.parkNanos(700_000_000L);
                        }
                    }).build());
            TrafficResult.OperationSummary op = r.operation(Operation.REQUEST);
            System.out.printf("generator hiccup: corrected p99 %.1f ms, service time p99 %.1f ms, schedule lag p99 %.1f ms%n",
                    op.latencyMs().p99(), op.serviceTimeMs().p99(), r.rates().scheduleLagMs().p99());
            // ~70 requests were due during the pause and left late: from their intended start they waited up to 700 ms.
            assertThat(op.count()).isEqualTo(300);
            assertThat(op.latencyMs().p99()).isGreaterThan(500);
            assertThat(r.rates().scheduleLagMs().p99()).isGreaterThan(500);
            // Measured from the moment they left, the same requests look fast: that is the omission being corrected.
            assertThat(op.serviceTimeMs().p99()).isLessThan(op.latencyMs().p99() / 2);
        }
    }

    @Test
    void aWaitForAFreeConnectionIsChargedToLatency() throws Exception {
        // Each answer takes 100 ms, two connections: 50 arrivals/s need five, so requests queue for a connection.
        try (TestServers.Server server = TestServers.start(() -> LockSupport.parkNanos(100_000_000L))) {
            TrafficResult r = TrafficRunner.run(TrafficConfig.builder(Profiles.constant(50, Duration.ofSeconds(2)))
                    .rawUrl(server.url()).maxConnections(2).build());
            TrafficResult.OperationSummary op = r.operation(Operation.REQUEST);
            System.out.printf("connection wait: corrected p99 %.1f ms, service time p99 %.1f ms, %d connections opened%n",
                    op.latencyMs().p99(), op.serviceTimeMs().p99(), r.run().connectionsOpened());
            assertThat(r.rates().dropped()).isZero();
            assertThat(op.outcomes()).containsEntry("ok", 100L);
            assertThat(r.run().connectionsOpened()).isLessThanOrEqualTo(2);
            assertThat(op.serviceTimeMs().p50()).isBetween(95.0, 400.0);
            // The backlog grows by ~30 requests a second: the last ones wait well over a second from their instant.
            assertThat(op.latencyMs().p99()).isGreaterThan(1_000);
        }
    }
}
