package io.firedrill.traffic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Small loopback servers for the tests: each answers {@code 200 ok} after whatever its handler decides. */
public final class TestServers {

    public static final class Server implements AutoCloseable {
        final HttpServer http;
        final ExecutorService executor;

        Server(HttpServer http, ExecutorService executor) {
            this.http = http;
            this.executor = executor;
        }

        public URI url() { return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/"); }

        @Override
        public void close() {
            http.stop(0);
            executor.shutdownNow();
        }
    }

    /** Runs {@code before} (counting, stalling, delaying) and then answers {@code 200 ok}. */
    public static Server start(Runnable before) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ExecutorService executor = Executors.newCachedThreadPool();
        HttpHandler handler = ex -> ok(ex, before);
        http.createContext("/", handler);
        http.setExecutor(executor);
        http.start();
        return new Server(http, executor);
    }

    private static void ok(HttpExchange ex, Runnable before) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            before.run();
            byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * A {@code before} that stalls the server once: every request arriving within [first request + {@code afterNanos},
     * + {@code stallNanos}) is held until that window ends.
     */
    public static Runnable stallingOnce(long afterNanos, long stallNanos) {
        AtomicLong first = new AtomicLong();
        return () -> {
            long now = System.nanoTime();
            first.compareAndSet(0, now);
            long stallStart = first.get() + afterNanos;
            long stallEnd = stallStart + stallNanos;
            if (now >= stallStart && now < stallEnd) {
                // The server under test stalls (a GC pause, a lock): part of its behaviour, not test synchronisation.
                while (System.nanoTime() < stallEnd) {
                    LockSupport.parkNanos(stallEnd - System.nanoTime());
                }
            }
        };
    }

    record Reply(int status, String body) {}

    /**
     * Answers the n-th request (from 1) with whatever {@code reply} says, as application/problem+json when not 2xx.
     * Card tokenizations ({@code POST /api/payment-methods}, a checkout's first step) are answered 201 with a token and
     * not counted.
     */
    static Server replying(java.util.function.IntFunction<Reply> reply) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ExecutorService executor = Executors.newCachedThreadPool();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        http.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                Reply r = ex.getRequestURI().getPath().equals("/api/payment-methods")
                        ? new Reply(201, "{\"token\":\"pm_" + java.util.UUID.randomUUID().toString().substring(0, 24) + "\"}")
                        : reply.apply(n.incrementAndGet());
                byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", r.status() / 100 == 2 ? "application/json" : "application/problem+json");
                ex.sendResponseHeaders(r.status(), body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.setExecutor(executor);
        http.start();
        return new Server(http, executor);
    }

    /** A port with nothing listening on it (bound, then released). */
    static int deadPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private TestServers() {}
}
