package io.firedrill.chaos.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.core.Timeline;
import io.firedrill.chaos.model.Activity;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.stack.Endpoints;
import io.firedrill.stack.Ports;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's phases on their own, with activities that need no stack (sleep, and an unknown provider that fails). */
class RunnerPhasesTest {

    private final PrintStream out = new PrintStream(new ByteArrayOutputStream());
    private final ActivityExecutor executor = new ActivityExecutor(out);
    private final Journal journal = new Journal();
    private RunContext ctx;

    @BeforeEach
    void context(@TempDir Path dir) {
        Ports ports = new Ports(Ports.DEFAULT_BASE);
        Stack stack = new Stack(new StackLayout(dir, dir.resolve("home"), ports), out);
        ctx = new RunContext(stack, Endpoints.of(ports), "defect", Map.of(), new Timeline());
        journal.start = Instant.now();
    }

    @Test
    void theMethodStopsAtTheFirstFailedStepAndTheFirstFaultStartsTheClock() {
        try (Method method = new Method(executor)) {
            String failure = method.run(List.of(ok("warm up", false), broken("inject", true), ok("never reached", false)), ctx, journal);

            assertThat(failure).startsWith("method step 'inject' failed: IllegalArgumentException: unknown provider type");
            assertThat(journal.run).extracting(Journal.ActivityRun::name, Journal.ActivityRun::status)
                    .containsExactly(tuple("warm up", Journal.Outcome.succeeded),
                            tuple("inject", Journal.Outcome.failed));
            assertThat(journal.faultStartedAt).isNotNull();
            assertThat(ctx.timeline().events()).extracting(Timeline.Event::kind).containsExactly("fault-on");
        }
    }

    @Test
    void aBackgroundStepIsJoinedAndItsFailureReported() {
        try (Method method = new Method(executor)) {
            Activity traffic = new Activity("traffic", "action", Map.of("type", "nope"), null, false, true, null, null, null, false);

            assertThat(method.run(List.of(traffic, ok("wait", false)), ctx, journal)).isNull();
            assertThat(method.joinBackground(journal)).startsWith("background step 'traffic' failed");
            assertThat(journal.run).extracting(Journal.ActivityRun::name).containsExactly("wait", "traffic");
        }
    }

    @Test
    void activitiesOfAnotherModeAreSkipped() {
        Activity otherMode = new Activity("defended only", "probe", Map.of("type", "nope"), null, false, false, null,
                List.of("defended"), null, false);

        Journal.SteadyStateRun run = new SteadyStateHypothesis(executor)
                .check(new Scenario.SteadyState("hypothesis", List.of(ok("probe", false), otherMode)), ctx);

        assertThat(run.steadyStateMet()).isTrue();
        assertThat(run.probes()).extracting(Journal.ActivityRun::name).containsExactly("probe");
    }

    @Test
    void aFailedProbeBreaksTheSteadyState() {
        Journal.SteadyStateRun run = new SteadyStateHypothesis(executor)
                .check(new Scenario.SteadyState("hypothesis", List.of(ok("probe", false), broken("broken probe", false))), ctx);

        assertThat(run.steadyStateMet()).isFalse();
    }

    @Test
    void rollbacksRunOnceWhenArmedAndNeverWhenNot() {
        try (Rollbacks unarmed = new Rollbacks(List.of(ok("restore", false)), journal, executor, out)) {
            assertThat(unarmed.runOnce()).isFalse();
        }
        assertThat(journal.rollbacks).isEmpty();

        try (Rollbacks rollbacks = new Rollbacks(List.of(ok("restore", false)), journal, executor, out)) {
            rollbacks.arm(ctx);
            assertThat(rollbacks.runOnce()).isTrue();
            assertThat(rollbacks.runOnce()).isFalse();
        }
        assertThat(journal.rollbacks).extracting(Journal.ActivityRun::name).containsExactly("restore");
    }

    @Test
    void rollbacksRunOnCloseWhenTheRunEndedEarly() {
        try (Rollbacks rollbacks = new Rollbacks(List.of(ok("restore", false)), journal, executor, out)) {
            rollbacks.arm(ctx);
        }
        assertThat(journal.rollbacks).singleElement().satisfies(r -> assertThat(r.succeeded()).isTrue());
    }

    @Test
    void theVerdictNamesEveryCheckThatDidNotHold() {
        journal.steadyStateAfter = new Journal.SteadyStateRun(false, List.of());
        journal.alerts.add(new Journal.AlertVerdict("SomeAlert", true, null, null, null, null, "30s", null, false, "never fired"));
        journal.invariants.add(executor.execute(broken("no oversell", false), ctx));

        Verdict.judge(journal, null);

        assertThat(journal.status).isEqualTo(Journal.Status.failed);
        assertThat(journal.deviated).isTrue();
        assertThat(journal.reason).isEqualTo("SomeAlert: never fired; invariant 'no oversell' failed; "
                + "steady state not restored after the rollbacks");
    }

    @Test
    void aRunWhoseChecksAllHeldCompletes() {
        journal.steadyStateAfter = new Journal.SteadyStateRun(true, List.of());
        journal.invariants.add(executor.execute(ok("no oversell", false), ctx));

        Verdict.judge(journal, null);

        assertThat(journal.status).isEqualTo(Journal.Status.completed);
        assertThat(journal.deviated).isFalse();
        assertThat(journal.reason).isNull();
    }

    @Test
    void aFailedMethodFailsTheRunWithItsReason() {
        journal.steadyStateAfter = new Journal.SteadyStateRun(true, List.of());

        Verdict.judge(journal, "method step 'inject' failed: boom");

        assertThat(journal.status).isEqualTo(Journal.Status.failed);
        assertThat(journal.reason).isEqualTo("method step 'inject' failed: boom");
    }

    private static Activity ok(String name, boolean fault) {
        return new Activity(name, "action", Map.of("type", "sleep", "duration", "1ms"), null, fault, false, null, null, null, false);
    }

    private static Activity broken(String name, boolean fault) {
        return new Activity(name, "action", Map.of("type", "nope"), null, fault, false, null, null, null, false);
    }
}
