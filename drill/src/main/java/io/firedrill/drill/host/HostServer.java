package io.firedrill.drill.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The responder interface: JSON over HTTP on 127.0.0.1 (an ephemeral port, recorded in {@code current/host.json}),
 * every call with {@code Authorization: Bearer <the stack's admin token>} (401 otherwise). Bad input is 4xx
 * application/problem+json. The CLI's subcommands are thin clients of these routes (README, "Incident drills"):
 * <pre>
 * GET  /api/drill                  status (the player's view; the truth only for a game master or once ended)
 * GET  /api/drill/pages?from=N     notifications from the N-th on (the pager polls this)
 * POST /api/drill/ack              {}
 * POST /api/drill/diagnose         {"id": "inventory.confirm-guard-off"}
 * POST /api/drill/hint             {}
 * POST /api/drill/run              {"ref": "runbooks/oversell.md#diagnosis"}
 * POST /api/drill/note             {"text": "..."}
 * POST /api/drill/abort            {}
 * GET  /api/drill/truth            game master only (403 otherwise)
 * POST /api/drill/second-fault     {"scenario": "replica-lag"}, game master only
 * </pre>
 */
public final class HostServer implements AutoCloseable {

    private final HttpServer server;
    private final DrillEngine engine;
    private final byte[] token;

    public HostServer(DrillEngine engine, String token) throws IOException {
        this.engine = engine;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "drill-api");
            t.setDaemon(true);
            return t;
        }));
        route("GET", "/api/drill", body -> status(engine.record()));
        route("GET", "/api/drill/pages", null);
        route("POST", "/api/drill/ack", body -> engine.ack());
        route("POST", "/api/drill/diagnose", body -> engine.diagnose(text(body, "id")));
        route("POST", "/api/drill/hint", body -> engine.hint());
        route("POST", "/api/drill/run", body -> engine.runRunbook(text(body, "ref")));
        route("POST", "/api/drill/note", body -> engine.note(text(body, "text")));
        route("POST", "/api/drill/abort", body -> engine.abort());
        route("GET", "/api/drill/truth", body -> {
            if (!engine.record().gameMaster && !engine.record().finished()) {
                throw new DrillEngine.ForbiddenException("the truth is for a game master (start --game-master) or after the drill");
            }
            return engine.record().truth;
        });
        route("POST", "/api/drill/second-fault", body -> engine.secondFault(text(body, "scenario")));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What a player may see: no truth while a blind drill runs, unless game master. */
    public static Map<String, Object> status(DrillRecord d) {
        Map<String, Object> s = new LinkedHashMap<>();
        synchronized (d) {
            boolean reveal = !d.blind || d.gameMaster || d.finished();
            s.put("id", d.id);
            s.put("player", d.player);
            s.put("phase", d.phase);
            s.put("outcome", d.outcome);
            s.put("reason", d.reason);
            s.put("scenario", reveal ? d.scenario : "(hidden)");
            s.put("startedAt", d.startedAt);
            s.put("timeLimit", d.timeLimit);
            s.put("faultAt", reveal ? d.faultAt : null);
            s.put("pages", d.pages.size());
            s.put("firstPageAt", d.firstPageAt);
            s.put("ackAt", d.ackAt);
            s.put("diagnoses", d.diagnoses.size());
            s.put("correctDiagnosis", d.correctDiagnosisAt != null);
            s.put("hintsUsed", d.hints.size());
            s.put("commands", d.commands.size());
            s.put("notes", d.notes.size());
            s.put("mitigatedAt", d.mitigatedAt);
            s.put("ttaSeconds", d.tta());
            s.put("ttdSeconds", d.ttd());
            s.put("ttmSeconds", d.ttm());
            if (reveal) {
                s.put("truth", d.truth);
            }
            s.put("score", d.score);
        }
        return s;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("the body needs a string field \"" + field + "\"");
        }
        return value.asText();
    }

    private void route(String method, String path, Function<JsonNode, Object> action) {
        server.createContext(path, exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    problem(exchange, 404, "Not Found", "no route " + exchange.getRequestURI().getPath());
                    return;
                }
                if (!authorized(exchange)) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                    problem(exchange, 401, "Unauthorized", "missing or wrong bearer token (the stack's admin token)");
                    return;
                }
                if (!exchange.getRequestMethod().equals(method)) {
                    exchange.getResponseHeaders().add("Allow", method);
                    problem(exchange, 405, "Method Not Allowed", path + " takes " + method);
                    return;
                }
                if (action == null) {
                    respond(exchange, 200, pages(exchange));
                    return;
                }
                JsonNode body;
                try {
                    byte[] bytes = exchange.getRequestBody().readAllBytes();
                    body = bytes.length == 0 ? DrillFiles.JSON.createObjectNode() : DrillFiles.JSON.readTree(bytes);
                    if (body == null || !body.isObject()) {
                        throw new IllegalArgumentException("the body must be a JSON object");
                    }
                } catch (IOException e) {
                    problem(exchange, 400, "Bad Request", "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
                    return;
                }
                try {
                    respond(exchange, 200, action.apply(body));
                } catch (IllegalArgumentException e) {
                    problem(exchange, 400, "Bad Request", e.getMessage());
                } catch (DrillEngine.ForbiddenException e) {
                    problem(exchange, 403, "Forbidden", e.getMessage());
                } catch (DrillEngine.ConflictException e) {
                    problem(exchange, 409, "Conflict", e.getMessage());
                } catch (RuntimeException e) {
                    problem(exchange, 500, "Internal Server Error", e.toString());
                }
            }
        });
    }

    private Object pages(HttpExchange exchange) {
        String query = exchange.getRequestURI().getQuery();
        int from = 0;
        if (query != null && query.startsWith("from=")) {
            try {
                from = Math.max(0, Integer.parseInt(query.substring(5)));
            } catch (NumberFormatException e) {
                from = 0;
            }
        }
        DrillRecord d = engine.record();
        synchronized (d) {
            List<DrillRecord.Page> pages = d.pages;
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("next", pages.size());
            answer.put("phase", d.phase);
            answer.put("pages", from >= pages.size() ? List.of() : List.copyOf(pages.subList(from, pages.size())));
            return answer;
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8)) && token.length > 0;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", DrillFiles.JSON.writeValueAsBytes(body));
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        send(exchange, status, "application/problem+json", DrillFiles.JSON.writeValueAsBytes(problem));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
