package io.firedrill.traffic.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.firedrill.traffic.LiveSnapshot;
import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Outcome;
import io.firedrill.traffic.TrafficException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The run's own figures in the Prometheus text format on 127.0.0.1, at {@code /metrics} and at
 * {@code /actuator/prometheus} (the path the stack's "services" scrape job uses).
 */
public final class PrometheusEndpoint implements AutoCloseable {

    private final HttpServer server;

    private PrometheusEndpoint(HttpServer server) { this.server = server; }

    public static PrometheusEndpoint start(int port, Supplier<LiveSnapshot> source) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            throw new TrafficException("metrics port " + port + " is busy: pass --metrics-port 0 for any free port, or --no-metrics");
        } catch (IOException e) {
            throw new TrafficException("cannot open the metrics port " + port + ": " + e.getMessage());
        }
        server.createContext("/metrics", exchange -> serve(exchange, source));
        server.createContext("/actuator/prometheus", exchange -> serve(exchange, source));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "firedrill-traffic-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new PrometheusEndpoint(server);
    }

    public int port() { return server.getAddress().getPort(); }

    private static void serve(HttpExchange exchange, Supplier<LiveSnapshot> source) throws IOException {
        byte[] body = render(source.get()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Exposition text of one snapshot. */
    public static String render(LiveSnapshot s) {
        StringBuilder b = new StringBuilder(4096);
        String run = "run_id=\"" + escape(s.runId()) + "\"";
        gauge(b, "firedrill_traffic_info", "Identity of the traffic run.",
                "{" + run + ",profile=\"" + escape(s.profile()) + "\"}", 1);
        gauge(b, "firedrill_traffic_elapsed_seconds", "Seconds since the first arrival.", "{" + run + "}", s.elapsedSeconds());
        gauge(b, "firedrill_traffic_planned_seconds", "Planned scheduling duration.", "{" + run + "}", s.plannedSeconds());
        gauge(b, "firedrill_traffic_target_rate", "Arrivals per second the profile asked for in the last second.",
                "{" + run + "}", s.targetRate());
        gauge(b, "firedrill_traffic_achieved_rate", "Requests sent in the last second.", "{" + run + "}", s.achievedRate());
        gauge(b, "firedrill_traffic_in_flight", "Requests awaiting a response.", "{" + run + "}", s.inFlight());
        gauge(b, "firedrill_traffic_finished", "1 once the run has drained.", "{" + run + "}", s.finished() ? 1 : 0);
        counter(b, "firedrill_traffic_scheduled_total", "Arrivals that came due.", "{" + run + "}", s.scheduled());
        counter(b, "firedrill_traffic_sent_total", "Arrivals sent.", "{" + run + "}", s.sent());
        counter(b, "firedrill_traffic_dropped_total", "Arrivals dropped at the in-flight bound.", "{" + run + "}", s.dropped());

        b.append("# HELP firedrill_traffic_operations_total Finished operations by outcome.\n");
        b.append("# TYPE firedrill_traffic_operations_total counter\n");
        for (Map.Entry<Operation, LiveSnapshot.Op> e : s.operations().entrySet()) {
            for (Map.Entry<Outcome, Long> o : e.getValue().outcomes().entrySet()) {
                sample(b, "firedrill_traffic_operations_total", "{" + run + ",operation=\"" + e.getKey().key()
                        + "\",outcome=\"" + o.getKey().key() + "\"}", o.getValue());
            }
        }
        b.append("# HELP firedrill_traffic_latency_seconds Latency from the intended start (coordinated-omission corrected), whole run.\n");
        b.append("# TYPE firedrill_traffic_latency_seconds summary\n");
        for (Map.Entry<Operation, LiveSnapshot.Op> e : s.operations().entrySet()) {
            LiveSnapshot.Op op = e.getValue();
            String labels = run + ",operation=\"" + e.getKey().key() + "\"";
            double[][] quantiles = {{0.5, op.p50Ms()}, {0.9, op.p90Ms()}, {0.95, op.p95Ms()}, {0.99, op.p99Ms()}, {0.999, op.p999Ms()}};
            for (double[] q : quantiles) {
                sample(b, "firedrill_traffic_latency_seconds", "{" + labels + ",quantile=\"" + num(q[0]) + "\"}", q[1] / 1000);
            }
            long measured = op.count() - op.count(Outcome.DROPPED);
            sample(b, "firedrill_traffic_latency_seconds_sum", "{" + labels + "}", op.meanMs() * measured / 1000);
            sample(b, "firedrill_traffic_latency_seconds_count", "{" + labels + "}", measured);
        }
        b.append("# HELP firedrill_traffic_latency_last_second_p99_seconds p99 latency of the last second (corrected).\n");
        b.append("# TYPE firedrill_traffic_latency_last_second_p99_seconds gauge\n");
        for (Map.Entry<Operation, LiveSnapshot.Op> e : s.operations().entrySet()) {
            sample(b, "firedrill_traffic_latency_last_second_p99_seconds", "{" + run + ",operation=\"" + e.getKey().key() + "\"}",
                    e.getValue().lastSecondP99Ms() / 1000);
        }
        gauge(b, "firedrill_traffic_error_ratio", "Errors over answered single requests, whole run.", "{" + run + "}", s.errorRate());
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, String labels, double value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
        sample(b, name, labels, value);
    }

    private static void counter(StringBuilder b, String name, String help, String labels, double value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        sample(b, name, labels, value);
    }

    private static void sample(StringBuilder b, String name, String labels, double value) {
        b.append(name).append(labels).append(' ').append(num(value)).append('\n');
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
        }
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
