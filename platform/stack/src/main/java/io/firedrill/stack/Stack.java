package io.firedrill.stack;

import io.firedrill.stack.component.AlertSink;
import io.firedrill.stack.component.AlertmanagerServer;
import io.firedrill.stack.component.Component;
import io.firedrill.stack.component.HomeFlag;
import io.firedrill.stack.component.KafkaBroker;
import io.firedrill.stack.component.MariaDbServer;
import io.firedrill.stack.component.MongoServer;
import io.firedrill.stack.component.Net;
import io.firedrill.stack.component.PrometheusServer;
import io.firedrill.stack.component.S3Server;
import io.firedrill.stack.component.ServerSupport;
import io.firedrill.stack.component.SpringService;
import io.firedrill.stack.component.ZipkinServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/** Brings the local stack up (in parallel, respecting dependencies), reports on it and takes it down. */
public final class Stack {

    private final StackLayout layout;
    private final Map<String, Component> components;
    private final Map<String, SpringService> services;
    private final PrintStream out;

    public Stack(StackLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
        this.components = new LinkedHashMap<>();
        for (Component c : List.of(
                new AlertSink(layout),
                new AlertmanagerServer(layout),
                new PrometheusServer(layout),
                MariaDbServer.primary(layout),
                MariaDbServer.replica(layout),
                new KafkaBroker(layout),
                new MongoServer(layout),
                new S3Server(layout),
                new ZipkinServer(layout))) {
            components.put(c.name(), c);
        }
        this.services = new LinkedHashMap<>();
        for (SpringService.Spec spec : SpringService.ALL) {
            services.put(spec.name(), new SpringService(layout, spec));
        }
    }

    public StackLayout layout() { return layout; }

    public Endpoints endpoints() { return Endpoints.of(layout.ports()).withAdminToken(AdminToken.read(layout)); }

    /** The infrastructure servers. */
    public List<String> componentNames() { return List.copyOf(components.keySet()); }

    /** Firedrill's own applications, started by {@link #upServices()}. */
    public List<String> serviceNames() { return List.copyOf(services.keySet()); }

    public Component component(String name) {
        Component c = components.containsKey(name) ? components.get(name) : services.get(name);
        if (c == null) {
            throw new StackException("unknown component '" + name + "'; known: " + String.join(", ", components.keySet())
                    + ", " + String.join(", ", services.keySet()));
        }
        return c;
    }

    /** Seconds each component took from launch to healthy (0 when it was already up), and the total. */
    public record UpReport(Map<String, Double> secondsToHealthy, double totalSeconds) {}

    /** Idempotent: running healthy components are left alone, dead ones restarted, missing ones started. */
    public UpReport up() {
        AdminToken.ensure(layout);
        UpReport report = up(components);
        endpoints().write(layout.envFile(), layout.jsonFile());
        return report;
    }

    /**
     * Starts every built service (cdc-relay and the five services) after checking the infrastructure is up.
     * Idempotent like {@link #up()}.
     */
    public UpReport upServices() {
        List<String> down = status().stream().filter(s -> !s.healthy()).map(ComponentStatus::component).toList();
        if (!down.isEmpty() || !java.nio.file.Files.exists(layout.envFile())) {
            throw new StackException("the infrastructure is not up (" + (down.isEmpty() ? "no endpoints file" : "unhealthy: " + down)
                    + "); run `make up` first");
        }
        // A stack started before the admin token existed gets one now, before any service reads stack.env.
        if (AdminToken.read(layout).isEmpty()) {
            AdminToken.ensure(layout);
            endpoints().write(layout.envFile(), layout.jsonFile());
        }
        Map<String, Component> built = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        services.forEach((name, service) -> {
            if (service.isBuilt()) {
                built.put(name, service);
            } else {
                missing.add(name + " (" + service.jar() + ")");
            }
        });
        if (!missing.isEmpty()) {
            out.println("  not built, skipped: " + String.join(", ", missing) + "; `make build` builds them");
        }
        return up(built);
    }

    private UpReport up(Map<String, ? extends Component> components) {
        long start = System.nanoTime();
        Map<String, Long> running = new LinkedHashMap<>();
        components.keySet().forEach(name -> runningPid(name).ifPresent(pid -> running.put(name, pid)));

        // A process of this home without a valid run record (state lost or half-written) would hold its
        // port and be started twice: refuse, and say how to recover.
        java.util.Set<Long> recorded = new java.util.HashSet<>();
        for (String name : this.components.keySet()) {
            runningPid(name).ifPresent(recorded::add);
        }
        for (String name : this.services.keySet()) {
            runningPid(name).ifPresent(recorded::add);
        }
        List<Long> unrecorded = strays().stream().filter(pid -> !recorded.contains(pid)).toList();
        if (!unrecorded.isEmpty()) {
            throw new StackException("processes of this stack home are running without a valid run record "
                    + "(pids " + unrecorded + ", state under " + layout.runDir() + " is lost or damaged): run `make down`"
                    + " (it finds them by their command line), then `make up`");
        }

        // Check every precondition before starting anything: tools, builds and ports.
        Map<String, List<String>> commands = new LinkedHashMap<>();
        List<String> busy = new ArrayList<>();
        for (Component c : components.values()) {
            if (running.containsKey(c.name())) {
                continue;
            }
            commands.put(c.name(), c.command());
            for (int port : c.ports()) {
                if (!Net.isFree(port)) {
                    busy.add("port " + port + " (" + c.name() + ") is already in use by another process");
                }
            }
        }
        if (!busy.isEmpty()) {
            throw new StackException(String.join("\n", busy) + "\nstop whatever holds it (`ss -ltnp 'sport = :"
                    + busy.get(0).replaceAll("\\D.*", "").trim() + "'`), or move the whole stack with FIREDRILL_PORT_BASE="
                    + (layout.ports().base() + 1000));
        }

        Map<String, CompletableFuture<Double>> started = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(components.size());
        try {
            for (Component c : components.values()) {
                CompletableFuture<?>[] deps = c.dependsOn().stream().map(started::get).toArray(CompletableFuture[]::new);
                started.put(c.name(), CompletableFuture.allOf(deps)
                        .thenApplyAsync(ignored -> bringUp(c, running.get(c.name()), commands.get(c.name())), pool));
            }
            Map<String, Double> seconds = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            started.forEach((name, future) -> {
                try {
                    seconds.put(name, future.join());
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
                    failures.add(name + ": " + (cause instanceof StackException ? cause.getMessage()
                            : "dependency failed or " + cause));
                }
            });
            if (!failures.isEmpty()) {
                throw new StackException("the stack is not up:\n  " + String.join("\n  ", failures)
                        + "\nlogs: " + layout.home() + "/<component>/<component>.log; `make down` stops what did start");
            }
            return new UpReport(seconds, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private double bringUp(Component c, Long runningPid, List<String> command) {
        long t0 = System.nanoTime();
        try {
            if (runningPid != null) {
                if (c.health().healthy()) {
                    c.whenFoundHealthy();
                    out.printf("  %-16s already running (pid %d)%n", c.name(), runningPid);
                    return 0;
                }
                // Running but unhealthy: bootstrap again (e.g. restart replication); if that does not
                // help within a few seconds, replace the process.
                try {
                    c.afterStart();
                } catch (Exception e) {
                    out.printf("  %-16s re-bootstrap failed: %s%n", c.name(), e.getMessage());
                }
                if (awaitHealth(c, Duration.ofSeconds(10))) {
                    out.printf("  %-16s was unhealthy (pid %d), bootstrapped again, healthy%n", c.name(), runningPid);
                    return 0;
                }
                out.printf("  %-16s unhealthy (pid %d): restarting it%n", c.name(), runningPid);
                Processes.stop(runningPid, c.stopGrace());
                command = c.command();
            }
            c.prepare();
            // Built again after preparing, which can change it (a service's class-data archive now current or gone).
            command = c.command();
            Process process = Processes.startDetached(command, layout.componentDir(c.name()),
                    layout.logFile(c.name()), c.environment());
            long pid = process.pid();
            new RunRecord(c.name(), pid, c.ports(), Instant.now(), command).write(layout.runRecord(c.name()));
            awaitListening(c, pid, t0);
            c.afterStart();
            awaitHealthy(c, pid, t0);
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("  %-16s started pid %-8d healthy in %.1f s%n", c.name(), pid, seconds);
            return seconds;
        } catch (StackException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while starting " + c.name());
        } catch (Exception e) {
            throw new StackException(c.name() + " failed to start: " + e + "; see " + layout.logFile(c.name()), e);
        }
    }

    private static boolean awaitHealth(Component c, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (c.health().healthy()) {
                return true;
            }
            Processes.sleep(Duration.ofMillis(250));
        }
        return false;
    }

    private void awaitListening(Component c, long pid, long t0) {
        awaitCondition(c, pid, t0, c::isListening, () -> "is not listening on port " + c.ports().get(0));
    }

    private void awaitHealthy(Component c, long pid, long t0) {
        Health[] last = {Health.down("no probe yet")};
        awaitCondition(c, pid, t0, () -> (last[0] = c.health()).healthy(),
                () -> "is not healthy (" + last[0].detail() + ")");
    }

    private void awaitCondition(Component c, long pid, long t0, java.util.function.BooleanSupplier condition,
                                java.util.function.Supplier<String> failure) {
        long deadline = t0 + c.startTimeout().toNanos();
        while (!condition.getAsBoolean()) {
            if (!Processes.isAlive(pid)) {
                throw new StackException(c.name() + " exited during start-up; last log lines:\n"
                        + ServerSupport.logTail(layout.logFile(c.name()), 15).indent(4) + "    (full log: " + layout.logFile(c.name()) + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(c.name() + " " + failure.get() + " after " + c.startTimeout().toSeconds()
                        + " s; see " + layout.logFile(c.name()) + "; if its data is damaged: `make down && rm -rf "
                        + layout.componentDir(c.name()) + "`");
            }
            Processes.sleep(Duration.ofMillis(200));
        }
    }

    /** Pid of a live process this stack home started for {@code component}, verified by its command line. */
    public Optional<Long> runningPid(String component) {
        return RunRecord.read(layout.runRecord(component))
                .map(RunRecord::pid)
                .filter(Processes::isAlive)
                .filter(this::isServerOfThisHome);
    }

    /** The running services that started without a start-up cache, so write one as they stop (their first run since the build). */
    public List<String> servicesWritingStartupCache() {
        return services.values().stream()
                .filter(service -> runningPid(service.name()).isPresent() && service.writesStartupCacheAtExit())
                .map(SpringService::name)
                .toList();
    }

    /** Stops the services only (infrastructure stays up); returns how many were stopped. */
    public int downServices() {
        int stopped = stopServices();
        for (SpringService service : services.values()) {
            try {
                Files.deleteIfExists(layout.runRecord(service.name()));
                Files.deleteIfExists(layout.prometheusTarget(service.name()));
            } catch (IOException e) {
                throw new StackException("could not clean the records of " + service.name() + ": " + e.getMessage());
            }
        }
        return stopped;
    }

    /**
     * Stops the running services all at once: the first stop after a build has each of them write its start-up cache
     * (about 20 s of CPU each), which one after the other took two minutes.
     */
    private int stopServices() {
        Map<SpringService, Long> running = new LinkedHashMap<>();
        services.values().forEach(service -> runningPid(service.name()).ifPresent(pid -> running.put(service, pid)));
        if (running.isEmpty()) {
            return 0;
        }
        deregister(running.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(running.size());
        try {
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            running.forEach((service, pid) -> {
                if (service.writesStartupCacheAtExit()) {
                    out.printf("  %-16s writing its start-up cache as it stops (once per build)%n", service.name());
                }
                stops.add(CompletableFuture.runAsync(() -> {
                    boolean gone = Processes.stop(pid, service.stopGrace());
                    out.printf("  %-16s stopped pid %d%s%n", service.name(), pid, gone ? "" : " (STILL RUNNING)");
                }, pool));
            });
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        return running.size();
    }

    /**
     * A planned stop of one service, as an operator makes it: out of Prometheus's targets first (so it pages nobody),
     * then a graceful stop; {@code up --services} starts it again. Returns the pid stopped.
     */
    public long stopService(String name) {
        SpringService service = services.get(name);
        if (service == null) {
            throw new StackException("unknown service '" + name + "'; known: " + String.join(", ", services.keySet()));
        }
        long pid = runningPid(name).orElseThrow(() -> new StackException(name + " is not running"));
        deregister(List.of(service));
        if (!Processes.stop(pid, service.stopGrace())) {
            throw new StackException(name + " (pid " + pid + ") did not stop within " + service.stopGrace().toSeconds() + " s");
        }
        try {
            Files.deleteIfExists(layout.runRecord(name));
        } catch (IOException e) {
            throw new StackException("stopped " + name + " but could not remove its run record: " + e.getMessage());
        }
        return pid;
    }

    /**
     * Takes services out of Prometheus's scrape targets (their file_sd files) and waits, at most 5 s, until Prometheus
     * has dropped them, before they stop: a planned stop or restart must not read as a service down (ServiceDown pages
     * on {@code up == 0}). A crash ({@link #kill}) leaves the target in place, so a real loss still pages.
     */
    private void deregister(java.util.Collection<SpringService> stopping) {
        List<String> names = stopping.stream().map(SpringService::name).toList();
        try {
            for (String name : names) {
                Files.deleteIfExists(layout.prometheusTarget(name));
            }
        } catch (IOException e) {
            throw new StackException("could not take " + names + " out of Prometheus's targets: " + e.getMessage());
        }
        PrometheusServer prometheus = (PrometheusServer) components.get("prometheus");
        Instant deadline = Instant.now().plusSeconds(5);
        while (prometheus.scrapesAnyOf(names) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** kill -9 of one component or service, as a crash drill; its run record stays, so status shows it down. */
    public long kill(String name) {
        component(name);
        long pid = runningPid(name).orElseThrow(() -> new StackException(name + " is not running"));
        Processes.kill9(pid);
        if (!Processes.waitForExit(pid, Duration.ofSeconds(10))) {
            throw new StackException(name + " (pid " + pid + ") survived kill -9");
        }
        return pid;
    }

    /** Stops every process of this stack home, recorded or stray; returns how many were stopped. */
    public int down() {
        // Services first, so none of them sees its infrastructure disappear while still running.
        int stopped = stopServices();
        List<Component> reversed = new ArrayList<>(components.values());
        Collections.reverse(reversed);
        for (Component c : reversed) {
            Optional<Long> pid = runningPid(c.name());
            if (pid.isPresent()) {
                boolean gone = Processes.stop(pid.get(), c.stopGrace());
                out.printf("  %-16s stopped pid %d%s%n", c.name(), pid.get(), gone ? "" : " (STILL RUNNING)");
                stopped++;
            }
        }
        // Strays: processes whose run record was lost or corrupted still name the home on their command line.
        for (long pid : strays()) {
            out.printf("  %-16s stopped stray pid %d: %s%n", "?", pid, abbreviate(Processes.commandLine(pid)));
            Processes.stop(pid, Duration.ofSeconds(10));
            stopped++;
        }
        List<Long> left = strays();
        if (!left.isEmpty()) {
            throw new StackException("processes still running after down: " + left);
        }
        try {
            for (String name : components.keySet()) {
                Files.deleteIfExists(layout.runRecord(name));
            }
            for (String name : services.keySet()) {
                Files.deleteIfExists(layout.runRecord(name));
                Files.deleteIfExists(layout.prometheusTarget(name));
            }
            Files.deleteIfExists(layout.envFile());
            Files.deleteIfExists(layout.jsonFile());
        } catch (IOException e) {
            throw new StackException("stopped everything but could not clean " + layout.runDir() + ": " + e.getMessage());
        }
        return stopped;
    }

    /**
     * Live servers of this stack home, recorded or not: processes launched with one of the {@link HomeFlag}s naming a
     * path under the home, except this process and its ancestors. A {@code tail -F} of a log under the home is not one.
     */
    public List<Long> strays() {
        Set<Long> ancestors = ProcessHandle.current().parent().stream()
                .flatMap(p -> java.util.stream.Stream.iterate(p, h -> h.parent().orElse(null)).takeWhile(h -> h != null))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
        return Processes.findByArguments(arguments -> HomeFlag.namesHome(arguments, layout.home())).stream()
                .filter(pid -> !ancestors.contains(pid))
                .toList();
    }

    private boolean isServerOfThisHome(long pid) {
        return HomeFlag.namesHome(Processes.arguments(pid), layout.home());
    }

    public List<ComponentStatus> status() {
        return statusOf(components.values());
    }

    /** Rows of the services that were started (a record exists) or are built; unbuilt, never-started ones are left out. */
    public List<ComponentStatus> serviceStatus() {
        return statusOf(services.values().stream()
                .filter(s -> s.isBuilt() || Files.exists(layout.runRecord(s.name())))
                .map(Component.class::cast).toList());
    }

    private List<ComponentStatus> statusOf(java.util.Collection<? extends Component> components) {
        List<CompletableFuture<ComponentStatus>> rows = components.stream()
                .map(c -> CompletableFuture.supplyAsync(() -> statusOf(c)))
                .toList();
        return rows.stream().map(CompletableFuture::join).toList();
    }

    private ComponentStatus statusOf(Component c) {
        int port = c.ports().get(0);
        Optional<RunRecord> record = RunRecord.read(layout.runRecord(c.name()));
        Optional<Long> pid = runningPid(c.name());
        if (pid.isEmpty()) {
            String detail = record.map(r -> "down: process " + r.pid() + " is gone").orElse("not started");
            return new ComponentStatus(c.name(), 0, port, false, false, Duration.ZERO, -1, detail);
        }
        Health health = c.health();
        Duration uptime = Duration.between(record.get().startedAt(), Instant.now());
        return new ComponentStatus(c.name(), pid.get(), port, true, health.healthy(), uptime,
                Processes.rssKib(pid.get()), health.detail());
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    public Path logFile(String component) {
        component(component);
        return layout.logFile(component);
    }
}
