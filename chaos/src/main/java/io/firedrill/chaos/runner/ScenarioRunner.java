package io.firedrill.chaos.runner;

import io.firedrill.chaos.model.Activity;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.provider.Provider;
import io.firedrill.chaos.provider.Providers;
import io.firedrill.stack.ComponentStatus;
import io.firedrill.stack.Stack;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one scenario in one mode: preconditions (stack and services up, else no fault at all), steady state
 * before, the method (background traffic, faults, waits), expected alerts at the sink, rollbacks that
 * always run (also on failure and Ctrl-C), the resolve check, steady state after, invariants and forbidden
 * alerts. Generic: everything specific lives in the scenario file.
 */
public final class ScenarioRunner {

    private final Stack stack;
    private final PrintStream out;

    public ScenarioRunner(Stack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    public Journal run(ScenarioFile file, String mode) {
        Scenario scenario = file.scenario();
        Scenario.Mode modeSpec = scenario.modes().get(mode);
        Timeline timeline = new Timeline();
        Journal journal = new Journal();
        journal.experiment = new Journal.Experiment(file.name(), scenario.title(), scenario.description(), mode,
                modeSpec == null ? null : modeSpec.description(), file.path().toString(), scenario.runbook());
        journal.start = timeline.start();
        AtomicBoolean rolledBack = new AtomicBoolean();
        RunContext[] context = new RunContext[1];
        List<CompletableFuture<Journal.ActivityRun>> background = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chaos-background");
            t.setDaemon(true);
            return t;
        });
        Thread onCtrlC = new Thread(() -> {
            if (context[0] != null && rolledBack.compareAndSet(false, true)) {
                out.println("interrupted: running rollbacks");
                journal.status = Journal.Status.interrupted;
                journal.reason = "interrupted (SIGINT/SIGTERM); rollbacks ran";
                rollbacks(scenario, context[0], journal);
            }
        }, "chaos-rollback-on-exit");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            String notReady = preconditions(scenario);
            if (notReady != null) {
                journal.status = Journal.Status.aborted;
                journal.reason = notReady + "; no fault was injected";
                return journal;
            }
            context[0] = new RunContext(stack, stack.endpoints(), mode, modeSpec == null ? Map.of() : modeSpec.variables(), timeline);
            RunContext ctx = context[0];

            section("steady state before: " + scenario.steadyState().title());
            journal.steadyStateBefore = steadyState(scenario, ctx);
            if (!journal.steadyStateBefore.steadyStateMet()) {
                journal.status = Journal.Status.failed;
                journal.reason = "steady state was not met before the experiment; nothing was injected";
                return journal;
            }

            section("method");
            boolean methodOk = true;
            for (Activity activity : scenario.method()) {
                if (!activity.appliesTo(mode)) {
                    continue;
                }
                if (activity.fault() && journal.faultStartedAt == null) {
                    journal.faultStartedAt = Instant.now();
                    timeline.add("fault-on", activity.name());
                }
                if (activity.background()) {
                    background.add(CompletableFuture.supplyAsync(() -> execute(activity, ctx), pool));
                    timeline.add("background", activity.name());
                    pause(activity);
                    continue;
                }
                Journal.ActivityRun result = execute(activity, ctx);
                journal.run.add(result);
                if (!"succeeded".equals(result.status())) {
                    methodOk = false;
                    journal.reason = "method step '" + activity.name() + "' failed: " + result.error();
                    break;
                }
                pause(activity);
            }

            section("expected alerts");
            Instant clock = journal.faultStartedAt != null ? journal.faultStartedAt : journal.start;
            List<Journal.AlertVerdict> fired = new ArrayList<>();
            if (methodOk) {
                for (Scenario.ExpectedAlert expected : scenario.expectedAlerts()) {
                    if (expected.appliesTo(mode)) {
                        fired.add(awaitFiring(expected, clock, ctx));
                    }
                }
            }

            for (CompletableFuture<Journal.ActivityRun> running : background) {
                Journal.ActivityRun result = running.join();
                journal.run.add(result);
                if (!"succeeded".equals(result.status()) && methodOk) {
                    methodOk = false;
                    journal.reason = "background step '" + result.name() + "' failed: " + result.error();
                }
            }

            section("rollbacks");
            if (rolledBack.compareAndSet(false, true)) {
                rollbacks(scenario, ctx, journal);
                timeline.add("fault-off", "rollbacks done");
            }
            Instant rolledBackAt = Instant.now();

            for (Journal.AlertVerdict verdict : fired) {
                journal.alerts.add(awaitResolved(verdict, scenario, mode, rolledBackAt, ctx));
            }

            section("steady state after");
            journal.steadyStateAfter = steadyState(scenario, ctx);

            section("invariants");
            for (Activity invariant : scenario.invariants()) {
                if (invariant.appliesTo(mode)) {
                    Journal.ActivityRun result = execute(invariant, ctx);
                    journal.invariants.add(result);
                    timeline.add("invariant", invariant.name() + ": " + result.status());
                }
            }

            for (Scenario.ForbiddenAlert forbidden : scenario.forbiddenAlerts()) {
                if (forbidden.appliesTo(mode)) {
                    Optional<Instant> at = new AlertSinkClient(ctx.endpoints().alertSinkUrl(), ctx.endpoints().alertmanagerUrl())
                            .firstNotification(forbidden.alert(), "firing", journal.start);
                    journal.alerts.add(new Journal.AlertVerdict(forbidden.alert(), false, at.orElse(null), null, null, null,
                            null, null, at.isEmpty(), at.isPresent() ? "fired but must not in mode " + mode : "stayed silent"));
                    at.ifPresent(t -> timeline.add(t, "alert-firing", forbidden.alert() + " (forbidden)"));
                }
            }

            boolean alertsOk = journal.alerts.stream().allMatch(Journal.AlertVerdict::ok);
            boolean invariantsOk = journal.invariants.stream().allMatch(r -> "succeeded".equals(r.status()));
            journal.deviated = !journal.steadyStateAfter.steadyStateMet() || !invariantsOk;
            if (!methodOk) {
                journal.status = Journal.Status.failed;
            } else if (!alertsOk || journal.deviated) {
                journal.status = Journal.Status.failed;
                journal.reason = describeFailures(journal, alertsOk, invariantsOk);
            } else {
                journal.status = Journal.Status.completed;
            }
            return journal;
        } catch (RuntimeException e) {
            journal.status = Journal.Status.aborted;
            journal.reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            return journal;
        } finally {
            if (context[0] != null && rolledBack.compareAndSet(false, true)) {
                rollbacks(scenario, context[0], journal);
            }
            background.forEach(f -> f.cancel(true));
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run: it owns the rollbacks.
            }
            journal.end = Instant.now();
            journal.duration = Duration.between(journal.start, journal.end).toMillis() / 1000.0;
            journal.timeline = timeline.events();
        }
    }

    /** Null when the scenario may run; otherwise what is missing. */
    private String preconditions(Scenario scenario) {
        List<String> down = stack.status().stream().filter(s -> !s.healthy()).map(ComponentStatus::component).toList();
        // A health check can time out on a loaded machine (Kafka's admin call has 3 s): ask again before refusing.
        for (int retry = 0; retry < 3 && !down.isEmpty(); retry++) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            down = stack.status().stream().filter(s -> !s.healthy()).map(ComponentStatus::component).toList();
        }
        if (!down.isEmpty()) {
            return "the stack is not up (unhealthy: " + String.join(", ", down) + "); run `make up`";
        }
        if (!scenario.requires().isEmpty()) {
            List<String> missing = new ArrayList<>();
            List<ComponentStatus> services = stack.serviceStatus();
            for (String required : scenario.requires()) {
                boolean ready = services.stream().anyMatch(s -> s.component().equals(required) && s.healthy());
                if (!ready) {
                    missing.add(required);
                }
            }
            if (!missing.isEmpty()) {
                return "required services are not ready: " + String.join(", ", missing) + "; run `make services-up`";
            }
        }
        return null;
    }

    private Journal.SteadyStateRun steadyState(Scenario scenario, RunContext ctx) {
        List<Journal.ActivityRun> probes = new ArrayList<>();
        for (Activity probe : scenario.steadyState().probes()) {
            if (probe.appliesTo(ctx.mode())) {
                probes.add(execute(probe, ctx));
            }
        }
        return new Journal.SteadyStateRun(probes.stream().allMatch(p -> "succeeded".equals(p.status())), probes);
    }

    private void rollbacks(Scenario scenario, RunContext ctx, Journal journal) {
        for (Activity rollback : scenario.rollbacks()) {
            if (rollback.appliesTo(ctx.mode())) {
                Journal.ActivityRun result = execute(rollback, ctx);
                journal.rollbacks.add(result);
                pause(rollback);
            }
        }
    }

    private Journal.AlertVerdict awaitFiring(Scenario.ExpectedAlert expected, Instant clock, RunContext ctx) {
        Duration within = Durations.parse(expected.within() == null ? "60s" : expected.within());
        Duration remaining = within.minus(Duration.between(clock, Instant.now()));
        Optional<Instant> at;
        try {
            at = new AlertSinkClient(ctx.endpoints().alertSinkUrl(), ctx.endpoints().alertmanagerUrl()).firstNotification(expected.alert(), "firing", clock)
                    .or(() -> awaitQuietly(ctx, expected.alert(), "firing", clock, remaining.isNegative() ? Duration.ZERO : remaining));
        } catch (RuntimeException e) {
            at = Optional.empty();
        }
        at.ifPresent(t -> ctx.timeline().add(t, "alert-firing", expected.alert()));
        Double ttd = at.map(t -> Duration.between(clock, t).toMillis() / 1000.0).orElse(null);
        boolean ok = at.isPresent() && ttd <= within.toMillis() / 1000.0;
        out.printf("  %6.1fs %-32s %s%n", ctx.timeline().secondsSinceStart(Instant.now()), expected.alert(),
                at.isPresent() ? String.format("fired %.1f s after the fault", ttd) : "did NOT fire within " + within.toSeconds() + " s");
        return new Journal.AlertVerdict(expected.alert(), true, at.orElse(null), null, ttd, null, expected.within(),
                expected.resolveWithin(), ok, ok ? "fired in time" : at.isPresent() ? "fired too late" : "never fired");
    }

    private Journal.AlertVerdict awaitResolved(Journal.AlertVerdict fired, Scenario scenario, String mode, Instant rolledBackAt,
                                               RunContext ctx) {
        if (fired.resolveWithin() == null || fired.firedAt() == null) {
            return fired;
        }
        Duration within = Durations.parse(fired.resolveWithin());
        Optional<Instant> at = awaitQuietly(ctx, fired.alert(), "resolved", rolledBackAt, within);
        at.ifPresent(t -> ctx.timeline().add(t, "alert-resolved", fired.alert()));
        Double ttr = at.map(t -> Duration.between(rolledBackAt, t).toMillis() / 1000.0).orElse(null);
        boolean ok = fired.ok() && at.isPresent();
        out.printf("  %6.1fs %-32s %s%n", ctx.timeline().secondsSinceStart(Instant.now()), fired.alert(),
                at.isPresent() ? String.format("resolved %.1f s after the rollback", ttr) : "did NOT resolve within " + within.toSeconds() + " s");
        return new Journal.AlertVerdict(fired.alert(), true, fired.firedAt(), at.orElse(null), fired.timeToDetectSeconds(), ttr,
                fired.within(), fired.resolveWithin(), ok, !fired.ok() ? fired.note() : at.isPresent() ? "fired and resolved" : "never resolved");
    }

    /** Notifications counted only from {@code since}: a previous run's alert lifecycle must not pass for this one's. */
    private static Optional<Instant> awaitQuietly(RunContext ctx, String alert, String status, Instant since, Duration timeout) {
        try {
            return new AlertSinkClient(ctx.endpoints().alertSinkUrl(), ctx.endpoints().alertmanagerUrl()).await(alert, status, since, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    Journal.ActivityRun execute(Activity activity, RunContext ctx) {
        long deadline = System.nanoTime() + Durations.parse(activity.retryFor()).toNanos();
        while (true) {
            Journal.ActivityRun result = attempt(activity, ctx);
            if ("succeeded".equals(result.status()) || result.toleranceMet() == null || System.nanoTime() >= deadline) {
                out.printf("  %6.1fs %-8s %-48s %-9s %s%n", ctx.timeline().secondsSinceStart(result.end()), activity.type(),
                        abbreviate(activity.name(), 48), result.status(),
                        result.error() != null ? result.error() : abbreviate(String.valueOf(result.output()), 80));
                return result;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
        }
    }

    private Journal.ActivityRun attempt(Activity activity, RunContext ctx) {
        Instant start = Instant.now();
        Object output = null;
        String error = null;
        Boolean toleranceMet = null;
        try {
            Provider provider = Providers.forType(activity.providerType());
            @SuppressWarnings("unchecked")
            Map<String, Object> args = (Map<String, Object>) ctx.resolve(activity.provider());
            output = provider.run(args, ctx);
            if (activity.tolerance() != null) {
                toleranceMet = Tolerances.met(activity.tolerance(), output);
                if (!toleranceMet) {
                    error = "output " + output + " outside tolerance " + Tolerances.describe(activity.tolerance());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        Instant end = Instant.now();
        return new Journal.ActivityRun(activity.name(), activity.type(), activity.providerType(), start, end,
                Duration.between(start, end).toMillis() / 1000.0, error == null ? "succeeded" : "failed", output, error, toleranceMet);
    }

    private static void pause(Activity activity) {
        if (activity.pauseAfter() != null) {
            try {
                Thread.sleep(Durations.parse(activity.pauseAfter()).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void section(String title) {
        out.println("-- " + title);
    }

    private static String describeFailures(Journal journal, boolean alertsOk, boolean invariantsOk) {
        List<String> parts = new ArrayList<>();
        journal.alerts.stream().filter(a -> !a.ok()).forEach(a -> parts.add(a.alert() + ": " + a.note()));
        if (!invariantsOk) {
            journal.invariants.stream().filter(r -> !"succeeded".equals(r.status())).forEach(r -> parts.add("invariant '" + r.name() + "' failed"));
        }
        if (journal.steadyStateAfter != null && !journal.steadyStateAfter.steadyStateMet()) {
            parts.add("steady state not restored after the rollbacks");
        }
        return String.join("; ", parts);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
