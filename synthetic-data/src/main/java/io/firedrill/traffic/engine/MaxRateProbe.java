package io.firedrill.traffic.engine;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop saturation of one URL with the runner's own transport: {@code connections} requests always out,
 * each answer immediately followed by the next, exactly the way wrk drives load. The throughput it reaches is
 * the client's ceiling on this machine (the open-model step search in the CLI finds the sustainable rate).
 */
public final class MaxRateProbe {

    /** {@code cpuMicrosPerRequest}: this JVM's CPU time (all threads, GC and JIT included) per request while measuring. */
    public record Result(double requestsPerSecond, long requests, long errors, double seconds, int connections,
                         double cpuMicrosPerRequest) {}

    /** CPU time of this whole process, in nanoseconds. */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private MaxRateProbe() {}

    public static Result saturate(URI url, int connections, Duration warmup, Duration duration) {
        Endpoint endpoint = Endpoint.of("target", URI.create(url.getScheme() + "://" + url.getRawAuthority()));
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        try (HttpTransport transport = new HttpTransport(connections, Duration.ofSeconds(5), Map.of())) {
            CompletableFuture<Result> done = new CompletableFuture<>();
            transport.loop().execute(new Runnable() {
                final long start = System.nanoTime();
                final long measureFrom = start + warmup.toNanos();
                final long end = measureFrom + duration.toNanos();
                long requests;
                long errors;
                long cpuAtStart;
                boolean stopping;

                @Override
                public void run() {
                    for (int i = 0; i < connections; i++) {
                        next();
                    }
                    transport.loop().schedule(() -> { cpuAtStart = processCpuNanos(); },
                            measureFrom - System.nanoTime(), TimeUnit.NANOSECONDS);
                    transport.loop().schedule(() -> {
                        stopping = true;
                        double cpuMicros = (processCpuNanos() - cpuAtStart) / 1e3;
                        done.complete(new Result(requests / (duration.toNanos() / 1e9), requests, errors,
                                duration.toNanos() / 1e9, connections, requests == 0 ? 0 : Math.round(cpuMicros / requests * 100) / 100.0));
                    }, end - System.nanoTime(), TimeUnit.NANOSECONDS);
                }

                void next() {
                    if (stopping) {
                        return;
                    }
                    transport.send(endpoint, HttpMethod.GET, path, null, false, new HttpTransport.Callback() {
                        @Override
                        public void onResponse(FullHttpResponse response, long sentNanos) {
                            count(response.status().code() / 100 != 2);
                        }

                        @Override
                        public void onFailure(Throwable cause, long sentNanos) {
                            count(true);
                        }
                    });
                }

                void count(boolean error) {
                    long now = System.nanoTime();
                    if (now - measureFrom >= 0 && now - end < 0) {
                        requests++;
                        if (error) {
                            errors++;
                        }
                    }
                    next();
                }
            });
            return done.join();
        }
    }
}
