package io.firedrill.stack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.firedrill.stack.ProcessResources;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records every Alertmanager webhook notification as one JSON line, and answers queries over them.
 *
 * <ul>
 *   <li>{@code POST /api/notifications}: Alertmanager webhook target.</li>
 *   <li>{@code GET /api/notifications}: every recorded notification, oldest first.</li>
 *   <li>{@code GET /api/alerts?alertname=A&status=firing|resolved&since=ISO}: one row per alert per
 *       notification, flattened (receivedAt, status, alertname, labels, annotations, startsAt, endsAt).</li>
 *   <li>{@code PUT /api/signals/NAME?value=V}: sets gauge {@code firedrill_test_signal{name=NAME}}, exposed
 *       on {@code GET /metrics}; the smoke uses it to drive a real alert through Prometheus.</li>
 *   <li>{@code GET /metrics} also carries the CPU time, resident memory, threads and open files of every process the
 *       stack started ({@link ProcessResources}, component as a label; read at most every
 *       {@value #RESOURCES_EVERY_MS} ms).</li>
 *   <li>{@code GET /health}.</li>
 * </ul>
 */
public final class AlertSinkServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Prometheus scrapes the sink every second; /proc is read at most this often (a scrape in between reuses it). */
    static final long RESOURCES_EVERY_MS = 5_000;

    private final Path journal;
    private final Path runDir;
    private final AtomicLong received = new AtomicLong();
    private final Map<String, Double> signals = new ConcurrentHashMap<>();
    private String resources = "";
    private long resourcesReadAt = Long.MIN_VALUE;

    private AlertSinkServer(Path journal, Path runDir) {
        this.journal = journal;
        this.runDir = runDir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: AlertSinkServer PORT JOURNAL.jsonl RUN_DIR (the stack's run records)");
            System.exit(2);
        }
        AlertSinkServer sink = new AlertSinkServer(Path.of(args[1]), Path.of(args[2]));
        Files.createDirectories(sink.journal.getParent());
        if (Files.exists(sink.journal)) {
            try (var lines = Files.lines(sink.journal)) {
                sink.received.set(lines.filter(l -> !l.isBlank()).count());
            }
        }
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", sink::handle);
        server.start();
        System.out.println("alert sink listening on " + server.getAddress() + ", journal " + sink.journal);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI());
            if (path.equals("/health")) {
                respond(exchange, 200, "text/plain", "ok\n");
            } else if (path.equals("/api/notifications") && method.equals("POST")) {
                record(exchange.getRequestBody().readAllBytes());
                respond(exchange, 200, "application/json", "{\"status\":\"recorded\"}");
            } else if (path.equals("/api/notifications") && method.equals("GET")) {
                respond(exchange, 200, "application/json", JSON.writeValueAsString(notifications()));
            } else if (path.equals("/api/alerts") && method.equals("GET")) {
                respond(exchange, 200, "application/json", JSON.writeValueAsString(alerts(query)));
            } else if (path.startsWith("/api/signals/") && (method.equals("PUT") || method.equals("POST"))) {
                String name = path.substring("/api/signals/".length());
                String value = query.get("value");
                if (name.isBlank() || !name.matches("[a-zA-Z0-9_-]+") || value == null) {
                    respond(exchange, 400, "text/plain", "need /api/signals/NAME?value=NUMBER\n");
                    return;
                }
                signals.put(name, Double.parseDouble(value));
                respond(exchange, 200, "text/plain", name + "=" + value + "\n");
            } else if (path.equals("/metrics")) {
                respond(exchange, 200, "text/plain; version=0.0.4", metrics());
            } else {
                respond(exchange, 404, "text/plain", "unknown endpoint " + method + " " + path + "\n");
            }
        } catch (NumberFormatException e) {
            respond(exchange, 400, "text/plain", "not a number: " + e.getMessage() + "\n");
        } catch (IOException | RuntimeException e) {
            respond(exchange, 400, "text/plain", "bad request: " + e.getMessage() + "\n");
        }
    }

    private synchronized void record(byte[] body) throws IOException {
        JsonNode payload = JSON.readTree(body);
        ObjectNode line = JSON.createObjectNode();
        line.put("receivedAt", Instant.now().toString());
        line.set("notification", payload);
        Files.writeString(journal, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        received.incrementAndGet();
    }

    private synchronized ArrayNode notifications() throws IOException {
        ArrayNode all = JSON.createArrayNode();
        if (Files.exists(journal)) {
            for (String line : Files.readAllLines(journal)) {
                if (!line.isBlank()) {
                    all.add(JSON.readTree(line));
                }
            }
        }
        return all;
    }

    private ArrayNode alerts(Map<String, String> query) throws IOException {
        Instant since = query.containsKey("since") ? Instant.parse(query.get("since")) : Instant.EPOCH;
        ArrayNode rows = JSON.createArrayNode();
        for (JsonNode line : notifications()) {
            Instant receivedAt = Instant.parse(line.get("receivedAt").asText());
            if (receivedAt.isBefore(since)) {
                continue;
            }
            for (JsonNode alert : line.path("notification").path("alerts")) {
                String name = alert.path("labels").path("alertname").asText();
                String status = alert.path("status").asText();
                if (matches(query.get("alertname"), name) && matches(query.get("status"), status)) {
                    ObjectNode row = rows.addObject();
                    row.put("receivedAt", receivedAt.toString());
                    row.put("status", status);
                    row.put("alertname", name);
                    row.set("labels", alert.path("labels"));
                    row.set("annotations", alert.path("annotations"));
                    row.put("startsAt", alert.path("startsAt").asText());
                    row.put("endsAt", alert.path("endsAt").asText());
                }
            }
        }
        return rows;
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    private String metrics() {
        StringBuilder text = new StringBuilder()
                .append("# HELP firedrill_alert_sink_notifications_total Webhook notifications recorded.\n")
                .append("# TYPE firedrill_alert_sink_notifications_total counter\n")
                .append("firedrill_alert_sink_notifications_total ").append(received.get()).append('\n')
                .append("# HELP firedrill_test_signal Values set through PUT /api/signals/NAME, for alert-path tests.\n")
                .append("# TYPE firedrill_test_signal gauge\n");
        signals.forEach((name, value) ->
                text.append("firedrill_test_signal{name=\"").append(name).append("\"} ").append(value).append('\n'));
        return text.append(resources()).toString();
    }

    private synchronized String resources() {
        long now = System.nanoTime() / 1_000_000;
        if (resourcesReadAt == Long.MIN_VALUE || now - resourcesReadAt >= RESOURCES_EVERY_MS) {
            List<ProcessResources.Usage> usages = new java.util.ArrayList<>();
            ProcessResources.recordedPids(runDir).forEach((component, pid) ->
                    ProcessResources.read(component, pid).ifPresent(usages::add));
            resources = ProcessResources.exposition(usages);
            resourcesReadAt = now;
        }
        return resources;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            List<String> kv = List.of(pair.split("=", 2));
            params.put(URLDecoder.decode(kv.get(0), StandardCharsets.UTF_8),
                    kv.size() > 1 ? URLDecoder.decode(kv.get(1), StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
