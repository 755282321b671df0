package io.firedrill.traffic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: thresholds decide the exit code; bad input exits 2 with the reason and no stack trace. */
class TrafficCliTest {

    private static HttpServer server;
    private static String fast;
    private static String slow;

    record Outcome(int exit, String out, String err) {}

    /** A progress line: [elapsed/planned s] target ... */
    private static final Pattern PROGRESS = Pattern.compile("\\[\\s*(\\d+)/3s\\] target \\d+/s sent .*");

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/fast", ex -> reply(ex, 0));
        server.createContext("/slow", ex -> reply(ex, 40));
        server.createContext("/unavailable", ex -> {
            try (ex) {
                ex.sendResponseHeaders(503, -1);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        fast = "http://127.0.0.1:" + server.getAddress().getPort() + "/fast";
        slow = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, long delayMillis) throws IOException {
        try (ex) {
            // The slow endpoint's latency is its behaviour under test, not synchronisation.
            LockSupport.parkNanos(delayMillis * 1_000_000);
            ex.sendResponseHeaders(200, 2);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("ok".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @AfterAll
    static void stopServer() { server.stop(0); }

    static Outcome cli(String... args) {
        return cli(() -> new picocli.CommandLine(new TrafficCli()), args);
    }

    /** Runs {@code command}, built once System.out is captured (picocli's help goes to the System.out it was built with). */
    static Outcome cli(java.util.function.Supplier<picocli.CommandLine> command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        try {
            // The run command prints progress and its summary on stdout; picocli's own warnings go to System.err.
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = TrafficCli.execute(command.get(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void passingThresholdsExitZeroAndWriteAllThreeReports(@TempDir Path out) throws IOException {
        Outcome o = cli("run", "--url", fast, "--rate", "50", "--duration", "2", "--p99", "2s", "--max-error-rate", "1%",
                "--min-achieved-rate", "95%", "--no-metrics", "--progress", "plain", "--out", out.toString());
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("PASS: target 50.0/s").contains("[    1/2s] target 50/s");
        JsonNode json = new ObjectMapper().readTree(out.resolve("traffic.json").toFile());
        assertThat(json.path("verdict").asText()).isEqualTo("PASS");
        assertThat(json.path("rates").path("sent").asLong()).isEqualTo(100);
        assertThat(json.path("thresholds")).hasSize(3);
        assertThat(Files.readString(out.resolve("traffic.md"))).contains("| `requests.p99<=2000ms` |");
        assertThat(Files.readString(out.resolve("traffic.html"))).contains("id=\"chart-rate\"");
    }

    @Test
    void autoProgressWithoutATerminalPrintsAPlainLineEverySecond(@TempDir Path out) {
        // Surefire's stdout is a pipe: --progress auto (the default) must not rewrite lines in place there.
        Outcome o = cli("run", "--url", fast, "--rate", "20", "--duration", "3", "--no-metrics", "--out", out.toString());
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).doesNotContain("\r").doesNotContain("\u001b[");
        List<Integer> elapsed = o.out().lines().map(PROGRESS::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> Integer.parseInt(m.group(1))).toList();
        assertThat(elapsed).hasSizeGreaterThanOrEqualTo(3).startsWith(1, 2);
    }

    @Test
    void aBreachedThresholdExitsOne(@TempDir Path out) {
        Outcome o = cli("run", "--url", slow, "--rate", "20", "--duration", "2", "--p99", "10ms", "--no-metrics",
                "--progress", "off", "--out", out.toString());
        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).contains("FAIL:").contains("threshold requests.p99<=10ms: FAIL");
        assertThat(out.resolve("traffic.html")).exists();
    }

    @Test
    void aRunWhoseRequestsFailPassesWithoutAnErrorThresholdButSaysSoAndFailsWithOne(@TempDir Path out) throws Exception {
        String unavailable = fast.replace("/fast", "/unavailable");

        Outcome unjudged = cli("run", "--url", unavailable, "--rate", "20", "--duration", "2", "--no-metrics",
                "--progress", "off", "--out", out.resolve("unjudged").toString());
        Outcome judged = cli("run", "--url", unavailable, "--rate", "20", "--duration", "2", "--no-metrics",
                "--progress", "off", "--max-error-rate", "1%", "--out", out.resolve("judged").toString());

        assertThat(unjudged.exit()).as(unjudged.err()).isZero();
        assertThat(unjudged.out()).contains("note: PASS only means every threshold held; none judges errors, and 100.0% of request failed");
        assertThat(judged.exit()).as(judged.err()).isEqualTo(1);
        assertThat(judged.out()).doesNotContain("note:");
        // The reports never show a green PASS over failed work: the badge reads "PASS, errors unjudged" in amber.
        String html = Files.readString(out.resolve("unjudged").resolve("traffic.html"));
        assertThat(html).contains("class=\"badge UNJUDGED\">PASS, errors unjudged</span>")
                .doesNotContain("class=\"badge PASS\"").contains("100.0% of request failed");
        assertThat(Files.readString(out.resolve("unjudged").resolve("traffic.md")))
                .contains("— PASS, errors unjudged").contains("100.0% of request failed");
        assertThat(Files.readString(out.resolve("judged").resolve("traffic.html"))).contains("class=\"badge FAIL\">FAIL</span>");
    }

    @Test
    void anUnknownProfileExitsTwoNamingTheKnownOnes() {
        Outcome o = cli("run", "--profile", "tsunami", "--url", fast);
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("unknown profile 'tsunami'").contains("constant, ramp, spike, soak, flash-sale, multi-region");
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void negativeZeroOrAbsurdRatesAndDurationsExitTwo() {
        assertUsage(cli("run", "--url", fast, "--rate", "-5"), "--rate must be a positive");
        assertUsage(cli("run", "--url", fast, "--rate", "0"), "--rate must be a positive");
        assertUsage(cli("run", "--url", fast, "--rate", "5000000"), "absurd");
        assertUsage(cli("run", "--url", fast, "--duration", "-3s"), "negative");
        assertUsage(cli("run", "--url", fast, "--duration", "1000h"), "absurd");
        assertUsage(cli("run", "--url", fast, "--rate", "100000", "--duration", "20h"), "the limit for one run");
        assertUsage(cli("run", "--url", fast, "--rate", "fast"), "--rate");
        assertUsage(cli("run", "--profile", "flash-sale", "--rate", "50"), "not --rate");
        assertUsage(cli("run", "--url", fast, "--p99", "soon"), "not a duration");
        assertUsage(cli("run", "--url", fast, "--threshold", "requests.p99=3"), "is not SCOPE.METRIC<=VALUE");
        assertUsage(cli("run", "--url", fast, "--max-in-flight", "0"), "--max-in-flight");
    }

    @Test
    void anUnreachableTargetFailsFastWithAClearMessage() throws IOException {
        int dead = io.firedrill.traffic.TestPorts.deadPort();
        Outcome o = cli("run", "--order-url", "http://127.0.0.1:" + dead, "--rate", "10", "--duration", "5", "--no-metrics");
        assertUsage(o, "order-service at http://127.0.0.1:" + dead + " is unreachable (connection refused)");
        assertThat(o.err()).contains("--order-url");
    }

    @Test
    void aRemoteTargetIsRefusedUnlessAllowed() {
        assertUsage(cli("run", "--url", "http://10.1.2.3:80/", "--no-metrics"), "not a loopback address");
    }

    @Test
    void helpDescribesEveryOptionAndExitsZero() {
        Outcome o = cli("run", "--help");
        assertThat(o.exit()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("Default: 40% of", "e.g. 1%.");
        assertThat(o.out()).contains("--profile", "--rate", "--duration", "--seed", "--p99", "--max-error-rate", "--metrics-port",
                "--max-in-flight", "--order-url", "--inventory-url", "--notification-url", "--buyers", "--units", "--mix",
                "--regions", "--decline-ratio", "--arrivals", "flash-sale", "--threshold");
        Outcome top = cli("--help");
        assertThat(top.exit()).isZero();
        assertThat(cli("max-rate", "--help").err()).isEmpty();
        assertThat(top.out()).contains("Exit codes: 0 pass, 1 a threshold was breached, 2 usage error")
                .contains("3 the run failed unexpectedly");
        assertThat(cli().exit()).isEqualTo(2);
    }

    /** A command that fails the way a bug would: with an exception nobody anticipated. */
    @picocli.CommandLine.Command(name = "explode")
    static final class Explode implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("saga table has no pivot step");
        }
    }

    @Test
    void anUnexpectedFailureExitsThreeWithOneLineAndTheStackTraceOnlyWhenVerbose() {
        Outcome quiet = cli(() -> new picocli.CommandLine(new TrafficCli()).addSubcommand(new Explode()), "explode");
        assertThat(quiet.exit()).isEqualTo(3);
        assertThat(quiet.err()).isEqualTo("firedrill-traffic: unexpected failure: IllegalStateException: saga table has no pivot "
                + "step (--verbose prints the stack trace)" + System.lineSeparator());

        for (String[] args : List.of(new String[] {"explode", "--verbose"}, new String[] {"--verbose", "explode"})) {
            Outcome verbose = cli(() -> new picocli.CommandLine(new TrafficCli()).addSubcommand(new Explode()), args);
            assertThat(verbose.exit()).isEqualTo(3);
            assertThat(verbose.err()).startsWith("firedrill-traffic: unexpected failure: IllegalStateException: saga table has no "
                    + "pivot step" + System.lineSeparator()).contains("\tat io.firedrill.traffic.cli.TrafficCliTest$Explode.call");
        }
    }

    @Test
    void aReportFromAFileThatIsNotATrafficJsonIsAUsageError(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("words.json"), "not json at all");
        Files.writeString(tmp.resolve("other.json"), "{\"status\":\"UP\"}");
        assertUsage(cli("report", "--from", tmp.resolve("words.json").toString()), "words.json is not a traffic.json written by a run: "
                + "Unrecognized token 'not'");
        assertUsage(cli("report", "--from", tmp.resolve("other.json").toString()), "other.json is not a traffic.json written by a run");
        assertThat(cli("report", "--from", tmp.resolve("other.json").toString()).err().lines()).hasSize(1);
        assertThat(tmp.resolve("traffic.md")).doesNotExist();
    }

    @Test
    void generateWritesTheSameBytesForTheSameSeed(@TempDir Path tmp) throws IOException {
        assertThat(cli("generate", "--seed", "5", "--items", "500", "--out", tmp.resolve("a").toString()).exit()).isZero();
        assertThat(cli("generate", "--seed", "5", "--items", "500", "--out", tmp.resolve("b").toString()).exit()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("b/workload.jsonl"))).isEqualTo(Files.readAllBytes(tmp.resolve("a/workload.jsonl")));
        assertThat(Files.readAllLines(tmp.resolve("a/workload.jsonl"))).hasSize(500);
        assertThat(Files.readAllLines(tmp.resolve("a/customers.jsonl")).get(0)).contains("\"region\":\"eu-west\"");
    }

    private static void assertUsage(Outcome o, String message) {
        assertThat(o.exit()).as("exit code; stderr: " + o.err()).isEqualTo(2);
        assertThat(o.err()).contains(message);
        assertThat(o.err()).doesNotContain("\tat ");
    }
}
