package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firedrill-stack trace ORDER_ID} as a user runs it, on canned service logs in a stack home and a fake Zipkin
 * (the JDK's HTTP server answering the v2 trace API with a canned trace): the merged lines, the waterfall and the link,
 * and the answers to bad input and to a Zipkin that does not answer. Nothing of the real stack is used.
 */
class TraceCommandTest {

    private static final String ORDER = "30d0eb16-48bc-4a29-bdf5-bb6bc68dfee2";
    private static final String CHECKOUT_TRACE = "e01271fa215dbf3361cadac4e73c9b0f";
    private static final String CRASH_TRACE = "7d3c1f0e9a8b4c2d1e0f9a8b7c6d5e4f";
    private static final List<String> SERVICES = List.of("cdc-relay", "inventory-service", "payment-service",
            "shipment-service", "notification-service", "order-service");

    @TempDir
    Path home;

    private HttpServer zipkin;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void cannedLogsAndFakeZipkin() throws Exception {
        for (String service : SERVICES) {
            Files.createDirectories(home.resolve(service));
            try (var in = getClass().getResourceAsStream("/trace/logs/" + service + ".log")) {
                Files.copy(in, home.resolve(service).resolve(service + ".log"));
            }
        }
        byte[] trace;
        try (var in = getClass().getResourceAsStream("/trace/zipkin-trace.json")) {
            trace = in.readAllBytes();
        }
        zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        zipkin.createContext("/api/v2/trace/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(path);
            boolean known = path.endsWith("/" + CHECKOUT_TRACE);
            byte[] body = known ? trace : "Trace not found".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", known ? "application/json" : "text/plain");
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        zipkin.start();
    }

    @AfterEach
    void stopZipkin() {
        zipkin.stop(0);
    }

    private String zipkinUrl() {
        return "http://127.0.0.1:" + zipkin.getAddress().getPort();
    }

    private record Result(int exit, String out, String err) {}

    private Result trace(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--home";
        all[1] = home.toString();
        all[2] = "trace";
        System.arraycopy(args, 0, all, 3, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = StackCli.execute(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsTheOrdersMergedLinesThenEachTracesWaterfallAndZipkinLink() {
        Result r = trace("--zipkin", zipkinUrl(), ORDER);

        assertThat(r.exit).as(r.err).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("order " + ORDER + ": 11 log line(s) from cdc-relay, inventory-service, "
                + "notification-service, order-service, payment-service, shipment-service");
        assertThat(r.out()).contains("trace ids: " + CHECKOUT_TRACE + " (8 line(s)), " + CRASH_TRACE + " (1 line(s))");
        assertThat(r.out()).contains(home.resolve("order-service/order-service.log").toString());
        // The merged lines, by time, each with its service and level, marked with its trace when there are several.
        int placed = indexOf(lines, "19:46:05.481  order-service        INFO  order " + ORDER + " placed");
        int reserved = indexOf(lines, "19:46:06.454  inventory-service    INFO  reserved");
        int authorized = indexOf(lines, "19:46:07.908  payment-service      INFO  payment ");
        int shipped = indexOf(lines, "19:46:10.749  shipment-service     INFO  created Shipment");
        int crashed = indexOf(lines, "19:46:12.250  order-service        ERROR unexpected failure on GET /api/orders/" + ORDER);
        assertThat(List.of(placed, reserved, authorized, shipped, crashed)).isSorted().doesNotContain(-1);
        assertThat(lines.get(placed)).endsWith("[e01271fa]");
        assertThat(lines.get(crashed)).contains("[java.lang.RuntimeException: Chaos Monkey - RuntimeException]")
                .endsWith("[7d3c1f0e]");
        assertThat(r.out()).contains("2 line(s) carry no trace id");

        // The checkout's trace: which lines carry it, the waterfall, the link.
        int checkout = indexOf(lines, "trace " + CHECKOUT_TRACE + ": log lines from order-service 2, cdc-relay 1, "
                + "inventory-service 1, payment-service 1, shipment-service 1, notification-service 2");
        assertThat(checkout).isGreaterThan(crashed);
        assertThat(lines.get(checkout + 1)).isEqualTo("  16 spans from order-service, inventory-service, cdc-relay, "
                + "payment-service, shipment-service, notification-service over 6170.0 ms");
        assertThat(lines.get(checkout + 3)).contains("|=").endsWith("order-service  post /api/orders [server]");
        assertThat(lines.get(checkout + 19)).isEqualTo("Zipkin: " + zipkinUrl() + "/zipkin/traces/" + CHECKOUT_TRACE);
        // The crash's trace is not in Zipkin: said so, and its link still printed.
        int crash = indexOf(lines, "trace " + CRASH_TRACE + ": log lines from order-service 1");
        assertThat(lines.get(crash + 1)).contains("Zipkin has no spans for it");
        assertThat(lines.get(crash + 2)).isEqualTo("Zipkin: " + zipkinUrl() + "/zipkin/traces/" + CRASH_TRACE);
        assertThat(asked).containsExactly("/api/v2/trace/" + CHECKOUT_TRACE, "/api/v2/trace/" + CRASH_TRACE);
    }

    @Test
    void jsonCarriesTheSameLinesAndSpans() throws Exception {
        Result r = trace("--json", "--zipkin", zipkinUrl(), ORDER.toUpperCase());

        assertThat(r.exit).as(r.err).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("orderId").asText()).isEqualTo(ORDER);
        assertThat(doc.path("lineCount").asInt()).isEqualTo(11);
        assertThat(doc.path("lines")).hasSize(11);
        assertThat(doc.path("lines").get(1).path("service").asText()).isEqualTo("order-service");
        assertThat(doc.path("lines").get(1).path("traceId").asText()).isEqualTo(CHECKOUT_TRACE);
        assertThat(doc.path("traces").get(0).path("link").asText()).isEqualTo(zipkinUrl() + "/zipkin/traces/" + CHECKOUT_TRACE);
        JsonNode spans = doc.path("traces").get(0).path("spans");
        assertThat(spans).hasSize(16);
        assertThat(spans.get(0).path("name").asText()).isEqualTo("post /api/orders");
        assertThat(spans.get(0).path("durationMs").asDouble()).isEqualTo(38.4);
        assertThat(spans.get(2).path("depth").asInt()).isEqualTo(2);
        assertThat(doc.path("zipkin").asText()).isEqualTo("ok");
    }

    @Test
    void anUnreachableZipkinStillPrintsTheLogsAndSaysWhy() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Result r = trace("--zipkin", "http://127.0.0.1:" + closed, ORDER);

        assertThat(r.exit).as("the logs were found").isZero();
        assertThat(r.out()).contains("order " + ORDER + " placed").contains("Zipkin: http://127.0.0.1:" + closed)
                .doesNotContain("START ms");
        assertThat(r.out().strip().lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo("Zipkin at http://127.0.0.1:" + closed + " did not answer: connection refused (is the stack up?)");
    }

    @Test
    void noTraceSkipsZipkinAndLimitCutsTheLines() {
        Result r = trace("--no-trace", "--limit", "3", "--zipkin", zipkinUrl(), ORDER);

        assertThat(r.exit).isZero();
        assertThat(r.out()).contains("... 8 more line(s); --limit 0 prints all").doesNotContain("Zipkin:");
        assertThat(asked).isEmpty();
    }

    @Test
    void anOrderNoLogMentionsIsReportedWithTheFilesSearchedAndExits1() {
        String unknown = "00000000-0000-4000-8000-000000000000";
        Result r = trace("--zipkin", zipkinUrl(), unknown);

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("no log line mentions order " + unknown + " in ")
                .contains(home.resolve("cdc-relay/cdc-relay.log").toString())
                .contains(home.resolve("order-service/order-service.log").toString());
        assertThat(r.out).isEmpty();
    }

    @Test
    void anOrderIdThatIsNotAUuidIsAUsageError() {
        Result r = trace("ORD-42");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("ORDER_ID 'ORD-42' is not a UUID").contains("Usage: firedrill-stack trace")
                .doesNotContain("\tat ");
        assertThat(trace("--since", "yesterday", ORDER).err).contains("--since 'yesterday' is neither an instant");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
