package io.firedrill.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firedrill-stack}: the local infrastructure of Firedrill as real processes. Exit 0 ok, 1 failure, 2 usage. */
@Command(name = "firedrill-stack", mixinStandardHelpOptions = true, version = "firedrill-stack 0.1.0",
        description = "Starts, checks and stops Firedrill's local servers (Kafka, MariaDB primary+replica, "
                + "MongoDB protocol, S3, Prometheus, Alertmanager, alert sink, Zipkin) as real processes.",
        subcommands = {StackCli.Up.class, StackCli.Down.class, StackCli.StartupCache.class, StackCli.Stop.class, StackCli.Kill.class, StackCli.Status.class, StackCli.Logs.class,
                StackCli.SmokeCommand.class, TraceCommand.class, CpuCommand.class, StackBench.class, CommandLine.HelpCommand.class})
public final class StackCli implements Callable<Integer> {

    @Option(names = "--home", description = "Stack home (data, logs, endpoints). Default: <checkout>/.firedrill or $FIREDRILL_HOME.")
    Path home;

    @Option(names = "--port-base", description = "First port of the block the stack uses. Default: $FIREDRILL_PORT_BASE or "
            + Ports.DEFAULT_BASE + ".")
    Integer portBase;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the commands print: the streams given to {@link #execute}, so a test can read what a user sees. */
    PrintStream out = System.out;
    PrintStream err = System.err;

    StackLayout layout() {
        StackLayout defaults = StackLayout.defaults();
        return new StackLayout(defaults.projectRoot(), home != null ? home : defaults.home(),
                portBase != null ? new Ports(portBase) : defaults.ports());
    }

    Stack stack() { return new Stack(layout(), out); }

    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return CommandLine.ExitCode.USAGE;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    public static int execute(String[] args, PrintStream out, PrintStream err) {
        StackCli root = new StackCli();
        root.out = out;
        root.err = err;
        CommandLine cli = new CommandLine(root);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, badArgs) -> {
            err.println("firedrill-stack: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            e.getCommandLine().usage(err);
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof StackException || e instanceof IllegalArgumentException) {
                err.println("firedrill-stack: " + e.getMessage());
                return CommandLine.ExitCode.SOFTWARE;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Command(name = "up", description = "Start every server not already running and wait until all are healthy. Idempotent.")
    static final class Up implements Callable<Integer> {
        @CommandLine.ParentCommand StackCli parent;

        @Option(names = "--services", description = "Then start Firedrill's services too (cdc-relay, order, inventory, "
                + "payment, shipment, notification) from their built jars.")
        boolean services;

        @Override
        public Integer call() {
            Stack stack = parent.stack();
            parent.out.println("firedrill-stack up: home " + stack.layout().home() + ", port base " + stack.layout().ports().base());
            Stack.UpReport report = stack.up();
            parent.out.printf("all %d components healthy in %.1f s; endpoints in %s%n",
                    report.secondsToHealthy().size(), report.totalSeconds(), stack.layout().envFile());
            if (services) {
                Stack.UpReport started = stack.upServices();
                parent.out.printf("%d services ready in %.1f s%n", started.secondsToHealthy().size(), started.totalSeconds());
            }
            return 0;
        }
    }

    @Command(name = "down", description = "Stop every process of this stack home (recorded or stray) and check none is left.")
    static final class Down implements Callable<Integer> {
        @CommandLine.ParentCommand StackCli parent;

        @Option(names = "--services", description = "Stop only the services; leave the infrastructure up.")
        boolean servicesOnly;

        @Override
        public Integer call() {
            if (servicesOnly) {
                parent.out.println("firedrill-stack down --services: stopped " + parent.stack().downServices() + " service(s)");
                return 0;
            }
            int stopped = parent.stack().down();
            parent.out.println("firedrill-stack down: stopped " + stopped + " process(es); none left");
            return 0;
        }
    }

    @Command(name = "start-up-cache", description = {
            "Give every running service its start-up cache now: if one runs without a cache (its first run since the build), "
                    + "restart the services, so that they write their caches from the traffic they have seen as they stop and "
                    + "start on them. Does nothing when every service already starts from its cache.",
            "A service's first run after a build costs about 40% more CPU per checkout than later runs (bench-saga at 8/s on 2 "
                    + "cores: 263 against 182 ms): the JIT is still compiling what the cache's method profiles make hot at once."})
    static final class StartupCache implements Callable<Integer> {
        @CommandLine.ParentCommand StackCli parent;

        @Override
        public Integer call() {
            Stack stack = parent.stack();
            List<String> writing = stack.servicesWritingStartupCache();
            if (writing.isEmpty()) {
                parent.out.println("firedrill-stack start-up-cache: every running service starts from its cache; nothing to do");
                return 0;
            }
            parent.out.println("firedrill-stack start-up-cache: " + String.join(", ", writing)
                    + " run without a start-up cache; restarting the services to write and use it (once per build)");
            stack.downServices();
            Stack.UpReport started = stack.upServices();
            parent.out.printf("%d services ready in %.1f s, started from their caches%n", started.secondsToHealthy().size(),
                    started.totalSeconds());
            return 0;
        }
    }

    @Command(name = "stop", description = "Stops one service as planned: out of Prometheus's scrape targets first, so "
            + "it pages nobody (unlike kill), then a graceful stop; `up --services` starts it again.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.ParentCommand StackCli parent;

        @Parameters(paramLabel = "SERVICE", description = "A service name, as shown by status.")
        String service;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Stack stack = parent.stack();
            if (!stack.serviceNames().contains(service)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown service '" + service + "'; known: "
                        + String.join(", ", stack.serviceNames()));
            }
            long pid = stack.stopService(service);
            parent.out.println("stopped " + service + " (pid " + pid + "), out of Prometheus's targets first");
            return 0;
        }
    }

    @Command(name = "kill", description = "kill -9 one component or service (a crash drill); `up` restarts it.")
    static final class Kill implements Callable<Integer> {
        @CommandLine.ParentCommand StackCli parent;

        @Parameters(paramLabel = "COMPONENT", description = "A component or service name, as shown by status.")
        String component;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Stack stack = parent.stack();
            if (!stack.componentNames().contains(component) && !stack.serviceNames().contains(component)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown component '" + component + "'; known: "
                        + String.join(", ", stack.componentNames()) + ", " + String.join(", ", stack.serviceNames()));
            }
            long pid = stack.kill(component);
            parent.out.println("killed " + component + " (pid " + pid + ") with SIGKILL");
            return 0;
        }
    }

    @Command(name = "status", description = "Table of component, pid, port, healthy, uptime. Exit 1 if any is not healthy.")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand StackCli parent;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Stack stack = parent.stack();
            List<ComponentStatus> rows = stack.status();
            List<ComponentStatus> services = stack.serviceStatus();
            if (json) {
                List<ComponentStatus> all = new java.util.ArrayList<>(rows);
                all.addAll(services);
                parent.out.println(new ObjectMapper().registerModule(new JavaTimeModule())
                        .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
            } else {
                parent.out.print(table(rows));
                if (!services.isEmpty()) {
                    parent.out.println();
                    parent.out.print(table(services));
                }
            }
            // A service that was never started does not count; one that was started and died does.
            boolean servicesOk = services.stream().allMatch(s -> s.healthy() || s.detail().equals("not started"));
            return rows.stream().allMatch(ComponentStatus::healthy) && servicesOk ? 0 : 1;
        }
    }

    static String table(List<ComponentStatus> rows) {
        StringBuilder text = new StringBuilder(String.format("%-16s %-8s %-6s %-8s %-9s %-8s %s%n",
                "COMPONENT", "PID", "PORT", "HEALTHY", "UPTIME", "RSS", "DETAIL"));
        for (ComponentStatus r : rows) {
            text.append(String.format("%-16s %-8s %-6d %-8s %-9s %-8s %s%n", r.component(),
                    r.pid() > 0 ? Long.toString(r.pid()) : "-", r.port(), r.healthy() ? "yes" : "NO",
                    r.running() ? uptime(r.uptime()) : "-", r.rssKib() > 0 ? (r.rssKib() / 1024) + "M" : "-", r.detail()));
        }
        return text.toString();
    }

    private static String uptime(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }

    @Command(name = "logs", description = "Print the end of a component's log (-f to follow).")
    static final class Logs implements Callable<Integer> {
        @CommandLine.ParentCommand StackCli parent;

        @Parameters(paramLabel = "COMPONENT", description = "A server (alert-sink, alertmanager, prometheus, "
                + "mariadb-primary, mariadb-replica, kafka, mongodb, s3, zipkin) or a service (cdc-relay, order-service, "
                + "inventory-service, payment-service, shipment-service, notification-service).")
        String component;

        @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "Lines to print (default ${DEFAULT-VALUE}).")
        int lines;

        @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
        boolean follow;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Stack stack = parent.stack();
            // The runbooks read the services' logs this way too, so both kinds are accepted.
            List<String> known = new java.util.ArrayList<>(stack.componentNames());
            known.addAll(stack.serviceNames());
            if (!known.contains(component)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown component '" + component
                        + "'; known: " + String.join(", ", known));
            }
            Path log = stack.logFile(component);
            if (!Files.exists(log)) {
                parent.err.println("no log yet at " + log + " (has `up` run?)");
                return 1;
            }
            List<String> command = follow ? List.of("tail", "-n", Integer.toString(lines), "-F", log.toString())
                    : List.of("tail", "-n", Integer.toString(lines), log.toString());
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        }
    }

    @Command(name = "smoke", description = "Round trip through every server; exit 1 if any check fails.")
    static final class SmokeCommand implements Callable<Integer> {
        @CommandLine.ParentCommand StackCli parent;

        @Override
        public Integer call() {
            StackLayout layout = parent.layout();
            if (!Files.exists(layout.jsonFile())) {
                throw new StackException("the stack is not up (no " + layout.jsonFile() + "); run `make up` first");
            }
            List<Smoke.Result> results = new Smoke(Endpoints.read(layout.jsonFile()), Duration.ofSeconds(30)).runAll();
            parent.out.printf("%-28s %-6s %7s  %s%n", "SMOKE", "RESULT", "SECONDS", "DETAIL");
            for (Smoke.Result r : results) {
                parent.out.printf("%-28s %-6s %7.2f  %s%n", r.check(), r.passed() ? "pass" : "FAIL", r.seconds(), r.detail());
            }
            long failed = results.stream().filter(r -> !r.passed()).count();
            parent.out.println(failed == 0 ? "smoke: all " + results.size() + " checks passed"
                    : "smoke: " + failed + " of " + results.size() + " checks FAILED");
            return failed == 0 ? 0 : 1;
        }
    }
}
