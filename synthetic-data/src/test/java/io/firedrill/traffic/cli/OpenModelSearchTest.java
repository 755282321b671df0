package io.firedrill.traffic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The bench's open-model step passes only when the generator kept up: a backlog shows in p99 even when the median
 * stays at the service time, and such a step must not count as sustained.
 */
class OpenModelSearchTest {

    private static final Duration STEP = Duration.ofSeconds(3);

    @Test
    void aStepWhoseArrivalsQueuedBehindAStallFailsThoughItsMedianIsFast() throws Exception {
        OpenModelSearch.Step step = stepAgainst(500_000_000L);

        assertThat(step.p50Ms()).isLessThanOrEqualTo(OpenModelSearch.MAX_MEDIAN_MS);
        assertThat(step.p99Ms()).isGreaterThan(OpenModelSearch.MAX_P99_MS);
        assertThat(step.pass()).isFalse();
    }

    @Test
    void aStepServedOnTimePasses() throws Exception {
        OpenModelSearch.Step step = stepAgainst(0);

        assertThat(step.dropped()).isZero();
        assertThat(step.errors()).isZero();
        assertThat(step.pass()).as("step %s", step).isTrue();
    }

    /** One 3 s step at 200/s against a server that, if {@code stallNanos > 0}, holds every request for that long once, 1 s in. */
    private static OpenModelSearch.Step stepAgainst(long stallNanos) throws Exception {
        AtomicLong first = new AtomicLong();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ExecutorService executor = Executors.newCachedThreadPool();
        http.createContext("/", ex -> {
            try (ex) {
                long now = System.nanoTime();
                first.compareAndSet(0, now);
                long stallStart = first.get() + 1_000_000_000L;
                long stallEnd = stallStart + stallNanos;
                // The endpoint under load stalls (a GC pause, a lock): part of its behaviour, not test synchronisation.
                while (now >= stallStart && System.nanoTime() < stallEnd) {
                    LockSupport.parkNanos(stallEnd - System.nanoTime());
                }
                byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.setExecutor(executor);
        http.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
            return OpenModelSearch.run(url, 64, 10_000, 200, STEP);
        } finally {
            http.stop(0);
            executor.shutdownNow();
        }
    }
}
