package io.firedrill.chaos.runner;

import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.core.Timeline;
import io.firedrill.chaos.dashboard.PanelQueries;
import io.firedrill.chaos.model.Activity;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.stack.Stack;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs one scenario in one mode, in Chaos Toolkit's phases: {@link Preconditions} (stack and services up, else no fault
 * at all), the {@link SteadyStateHypothesis} before, the {@link Method} (faults, background traffic, waits), the expected
 * alerts at the sink ({@link AlertChecks}), {@link Rollbacks} that always run (also on failure and Ctrl-C), the resolve
 * checks, the steady state after, the invariants and the forbidden alerts, then the {@link Verdict}; the
 * {@link Journal} records each. Generic: everything specific lives in the scenario file.
 */
public final class ScenarioRunner {

    private final Stack stack;
    private final PrintStream out;
    private final ActivityExecutor executor;
    private final SteadyStateHypothesis steadyState;
    private final AlertChecks alerts;

    public ScenarioRunner(Stack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
        this.executor = new ActivityExecutor(out);
        this.steadyState = new SteadyStateHypothesis(executor);
        this.alerts = new AlertChecks(out);
    }

    public Journal run(ScenarioFile file, String mode) {
        Scenario scenario = file.scenario();
        Timeline timeline = new Timeline();
        Journal journal = Journal.begin(file, mode, timeline);
        try (Method method = new Method(executor);
             Rollbacks rollbacks = new Rollbacks(scenario.rollbacks(), journal, executor, out)) {
            String notReady = new Preconditions(stack).awaitMet(scenario);
            if (notReady != null) {
                journal.conclude(Journal.Status.aborted, notReady + "; no fault was injected");
                return journal;
            }
            RunContext ctx = new RunContext(stack, stack.endpoints(), mode, variables(scenario, mode), timeline);
            rollbacks.arm(ctx);
            experiment(scenario, ctx, journal, method, rollbacks);
            return journal;
        } catch (RuntimeException e) {
            journal.conclude(Journal.Status.aborted, e.getClass().getSimpleName() + ": " + e.getMessage());
            return journal;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            journal.conclude(Journal.Status.interrupted, "interrupted while waiting for the stack to be healthy and its alerts quiet; no fault was injected");
            return journal;
        } finally {
            journal.finish(timeline);
            // The scenario's dashboard panels over the run, for the reports (never throws: a failure is a "no data" chart).
            journal.panels = PanelQueries.fetchRun(stack.layout().projectRoot(), scenario.panels(),
                    stack.endpoints().prometheusUrl(), journal.start, journal.end);
        }
    }

    /** The phases after the preconditions held; the rollbacks are armed. */
    private void experiment(Scenario scenario, RunContext ctx, Journal journal, Method method, Rollbacks rollbacks)
            throws InterruptedException {
        String noisy = alerts.awaitQuiet(scenario, ctx);
        if (noisy != null) {
            journal.conclude(Journal.Status.aborted, noisy + "; nothing was injected");
            return;
        }
        // A forbidden alert counts from here: a notification of an earlier run's alert may reach the sink while this
        // run waits for that alert to clear (seen in a fresh-clone make test: the smoke signal's firing notification
        // arrived during the wait and failed alert-path defended).
        Instant quiet = Instant.now();
        section("steady state before: " + scenario.steadyState().title());
        journal.steadyStateBefore = steadyState.check(scenario.steadyState(), ctx);
        if (!journal.steadyStateBefore.steadyStateMet()) {
            journal.conclude(Journal.Status.failed, "steady state was not met before the experiment; nothing was injected");
            return;
        }

        section("method");
        String methodFailure = method.run(scenario.method(), ctx, journal);
        journal.reason = methodFailure;

        section("expected alerts");
        Instant clock = journal.faultStartedAt != null ? journal.faultStartedAt : journal.start;
        List<Journal.AlertVerdict> fired = methodFailure == null ? alerts.awaitFiring(scenario.expectedAlerts(), clock, ctx) : List.of();
        String backgroundFailure = method.joinBackground(journal);
        if (methodFailure == null && backgroundFailure != null) {
            methodFailure = backgroundFailure;
            journal.reason = backgroundFailure;
        }

        section("rollbacks");
        if (rollbacks.runOnce()) {
            ctx.timeline().add("fault-off", "rollbacks done");
        }
        Instant rolledBackAt = Instant.now();
        for (Journal.AlertVerdict verdict : fired) {
            journal.alerts.add(alerts.awaitResolved(verdict, rolledBackAt, ctx));
        }

        section("steady state after");
        journal.steadyStateAfter = steadyState.check(scenario.steadyState(), ctx);

        section("invariants");
        invariants(scenario.invariants(), ctx, journal);
        journal.alerts.addAll(alerts.checkSilent(scenario.forbiddenAlerts(), quiet, ctx));

        Verdict.judge(journal, methodFailure);
    }

    /** Business invariants, each recorded in the journal and on the timeline. */
    private void invariants(List<Activity> invariants, RunContext ctx, Journal journal) {
        for (Activity invariant : invariants) {
            if (invariant.appliesTo(ctx.mode())) {
                Journal.ActivityRun result = executor.execute(invariant, ctx);
                journal.invariants.add(result);
                ctx.timeline().add("invariant", invariant.name() + ": " + result.status());
            }
        }
    }

    private static Map<String, String> variables(Scenario scenario, String mode) {
        Scenario.Mode modeSpec = scenario.modes().get(mode);
        return modeSpec == null ? Map.of() : modeSpec.variables();
    }

    private void section(String title) {
        out.println("-- " + title);
    }
}
