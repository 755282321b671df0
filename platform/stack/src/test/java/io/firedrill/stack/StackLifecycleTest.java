package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.stack.component.Component;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lifecycle of a second, private stack (own home, own port block), so the shared stack is not disturbed:
 * up, a killed component shown as down, idempotent up restarting only it, down with a corrupt run record
 * leaving no process behind, and a busy port refused with its number.
 */
class StackLifecycleTest {

    private static final Ports PORTS = new Ports(27000);

    @TempDir
    Path home;

    private Stack stack;

    private Stack stackAt(Ports ports) {
        stack = new Stack(new StackLayout(StackLayout.locateProjectRoot(Path.of("")), home, ports), System.out);
        return stack;
    }

    @AfterEach
    void stopEverything() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void killedComponentShowsDownIsRestartedByUpAndDownLeavesNoProcess() throws Exception {
        Stack stack = stackAt(PORTS);
        Stack.UpReport first = stack.up();
        assertThat(first.secondsToHealthy()).containsOnlyKeys(stack.componentNames());
        assertThat(stack.status()).allSatisfy(row -> assertThat(row.healthy()).as(row.component()).isTrue());
        assertThat(Files.readString(home.resolve("stack.env"))).contains("FIREDRILL_KAFKA_BOOTSTRAP=127.0.0.1:27092");

        long mongoPid = stack.runningPid("mongodb").orElseThrow();
        Processes.kill9(mongoPid);
        assertThat(Processes.waitForExit(mongoPid, Duration.ofSeconds(10))).isTrue();
        ComponentStatus mongo = statusOf(stack, "mongodb");
        assertThat(mongo.healthy()).isFalse();
        assertThat(mongo.running()).isFalse();
        assertThat(mongo.detail()).contains("process " + mongoPid + " is gone");
        assertThat(statusOf(stack, "kafka").healthy()).isTrue();

        Map<String, Long> pidsBefore = pids(stack);
        Stack.UpReport second = stack.up();
        assertThat(second.secondsToHealthy().get("mongodb")).isPositive();
        assertThat(second.secondsToHealthy()).allSatisfy((name, seconds) -> {
            if (!name.equals("mongodb")) {
                assertThat(seconds).as(name + " was already up").isZero();
            }
        });
        Map<String, Long> pidsAfter = pids(stack);
        assertThat(pidsAfter).containsOnlyKeys(stack.componentNames());
        assertThat(pidsAfter.get("mongodb")).isNotEqualTo(mongoPid);
        pidsBefore.forEach((name, pid) -> {
            if (!name.equals("mongodb")) {
                assertThat(pidsAfter.get(name)).as(name).isEqualTo(pid);
            }
        });

        // A half-written run record must not let a process escape `down`.
        Files.writeString(home.resolve("run/kafka.json"), "{\"component\":\"kaf");
        assertThatThrownBy(stack::up)
                .isInstanceOf(StackException.class)
                .hasMessageContaining("without a valid run record")
                .hasMessageContaining("pids [" + pidsAfter.get("kafka") + "]")
                .hasMessageContaining("make down");
        List<Long> all = new ArrayList<>(pidsAfter.values());
        stack.down();
        assertThat(all).allSatisfy(pid -> assertThat(Processes.isAlive(pid)).as("pid " + pid).isFalse());
        assertThat(stack.strays()).isEmpty();
        assertThat(home.resolve("stack.env")).doesNotExist();
        assertThat(stack.status()).allSatisfy(row -> assertThat(row.running()).isFalse());
    }

    @Test
    void tailOfALogUnderTheHomeIsNeitherRefusedByUpNorStoppedByDownButALeftoverServerIs() throws Exception {
        Stack stack = stackAt(new Ports(26000));
        Path log = home.resolve("kafka/kafka.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "");
        // What `firedrill-stack logs kafka -f` runs in another terminal.
        Process tail = new ProcessBuilder("tail", "-n", "50", "-F", log.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        try {
            // A real server launched the way `up` launches it, whose run record is lost.
            Component sink = stack.component("alert-sink");
            sink.prepare();
            Process leftover = Processes.startDetached(sink.command(), home, stack.layout().logFile(sink.name()), Map.of());

            assertThat(stack.strays()).contains(leftover.pid()).doesNotContain(tail.pid());
            assertThatThrownBy(stack::up)
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("pids [" + leftover.pid() + "]");
            stack.down();
            assertThat(Processes.isAlive(leftover.pid())).as("leftover alert-sink").isFalse();
            assertThat(tail.isAlive()).as("tail -F after down").isTrue();

            stack.up();
            Map<String, Long> servers = pids(stack);
            assertThat(servers).containsOnlyKeys(stack.componentNames());
            stack.down();
            assertThat(servers.values()).allSatisfy(pid -> assertThat(Processes.isAlive(pid)).as("pid " + pid).isFalse());
            assertThat(tail.isAlive()).as("tail -F after up and down").isTrue();
        } finally {
            tail.destroyForcibly();
        }
    }

    @Test
    void cliStatusAfterACliKillShowsTheKilledRowAsNotHealthyAndExitsOne() {
        Stack stack = stackAt(new Ports(25000));
        stack.up();
        String[] at = {"--home", home.toString(), "--port-base", "25000"};

        Cli kill = cli(with(at, "kill", "mongodb"));
        assertThat(kill.exit).as(kill.err).isZero();
        assertThat(kill.out).contains("killed mongodb (pid ");

        Cli status = cli(with(at, "status"));
        assertThat(status.exit).as(status.out + status.err).isEqualTo(1);
        // The infrastructure table; a services table (built services, "not started") may follow after a blank line.
        List<String> lines = status.out.lines().takeWhile(line -> !line.isBlank()).toList();
        assertThat(lines.get(0).split("\\s+")).startsWith("COMPONENT", "PID", "PORT", "HEALTHY", "UPTIME");
        assertThat(row(lines, "mongodb")).startsWith("mongodb", "-", "25017", "NO", "-");
        assertThat(row(lines, "kafka")).startsWith("kafka").contains("yes");
        assertThat(lines.stream().filter(line -> line.contains(" NO ")).toList()).hasSize(1);
    }

    private static String[] with(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String[] row(List<String> tableLines, String component) {
        return tableLines.stream().filter(line -> line.startsWith(component + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + component + " in\n" + String.join("\n", tableLines)))
                .split("\\s+");
    }

    @Test
    void busyPortIsRefusedWithItsNumberAndNothingStarts() throws Exception {
        Ports ports = new Ports(28000);
        Stack stack = stackAt(ports);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.mongodb()));
            assertThatThrownBy(stack::up)
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + ports.mongodb() + " (mongodb) is already in use");
        }
        assertThat(stack.strays()).isEmpty();
    }

    @Test
    void cliRefusesBusyPortWithExitOneAndAClearMessage() throws Exception {
        Ports ports = new Ports(29000);
        stackAt(ports);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.kafka()));
            Cli result = cli("--home", home.toString(), "--port-base", "29000", "up");
            assertThat(result.exit).isEqualTo(1);
            assertThat(result.err).contains("port 29092 (kafka) is already in use").doesNotContain("Exception");
        }
    }

    @Test
    void unknownSubcommandOrFlagPrintsUsageAndExitsTwo() {
        Cli subcommand = cli("launch");
        assertThat(subcommand.exit).isEqualTo(2);
        assertThat(subcommand.err).contains("Unmatched argument").contains("Usage: firedrill-stack");

        Cli flag = cli("status", "--colour");
        assertThat(flag.exit).isEqualTo(2);
        assertThat(flag.err).contains("Unknown option: '--colour'");

        Cli component = cli("--home", home.toString(), "logs", "postgres");
        assertThat(component.exit).isEqualTo(2);
        assertThat(component.err).contains("unknown component 'postgres'").contains("mariadb-primary");
    }

    @Test
    void smokeOnAStackThatIsNotUpSaysSoWithExitOne() {
        Cli smoke = cli("--home", home.toString(), "smoke");
        assertThat(smoke.exit).isEqualTo(1);
        assertThat(smoke.err).contains("the stack is not up");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"kafkaBootstrap\":\"127.0.0.1:170", "null", "{}", "[]"})
    void smokeOnACorruptStackJsonNamesTheFileWithExitOneAndRunsNoCheck(String content) throws Exception {
        Files.writeString(home.resolve("stack.json"), content);

        Cli smoke = cli("--home", home.toString(), "smoke");

        assertThat(smoke.exit).isEqualTo(1);
        assertThat(smoke.err).startsWith("firedrill-stack: " + home.resolve("stack.json"))
                .contains("run `make up` to write it again")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(smoke.err.lines().count()).as(smoke.err).isEqualTo(1);
        assertThat(smoke.out).doesNotContain("FAIL");
    }

    private record Cli(int exit, String out, String err) {}

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = StackCli.execute(args, new PrintStream(out, true), new PrintStream(err, true));
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static ComponentStatus statusOf(Stack stack, String component) {
        return stack.status().stream().filter(s -> s.component().equals(component)).findFirst().orElseThrow();
    }

    private static Map<String, Long> pids(Stack stack) {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        for (String name : stack.componentNames()) {
            stack.runningPid(name).ifPresent(pid -> pids.put(name, pid));
        }
        return pids;
    }
}
