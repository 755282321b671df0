package io.firedrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.drill.client.DrillClient;
import io.firedrill.drill.host.DrillEngine;
import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import io.firedrill.drill.responder.ReferenceResponder;
import io.firedrill.stack.Stack;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13's proof that each runbook really mitigates its incident: every drillable scenario is drilled on the real stack
 * and services by the reference responder, which only follows the page's runbook (ack, the runbook's Diagnosis, its
 * diagnosis id, its Mitigation), and the drill must end in verified mitigation (the scenario's steady state, invariants
 * and resolved expected alerts, detected by the host) within the time limit, with the correct diagnosis.
 *
 * <p>Minutes per scenario, so left out of `make test`: `make test-drills` runs it ({@code -Dfiredrill.drills=true}), and
 * {@code -Dfiredrill.drills.scenarios=a,b} (`make test-drills SCENARIOS=a,b`) limits it to some scenarios. Run it under
 * the stack lock.
 */
@EnabledIfSystemProperty(named = "firedrill.drills", matches = "true")
class ReferenceResponderDrillsEveryScenarioTest extends DrillsOnTheStack {

    /**
     * Each drill's time limit, {@code -Dfiredrill.drills.time-limit=6m} (default 8m): TTM must come within it (the score
     * card's full marks need 10 min).
     */
    private static final Duration TIME_LIMIT = io.firedrill.chaos.core.Durations.parse(System.getProperty("firedrill.drills.time-limit", "8m"));

    @ParameterizedTest(name = "{0}")
    @MethodSource("drillableScenarios")
    void theReferenceResponderMitigatesTheScenarioByItsRunbookWithinTheLimit(String name) throws Exception {
        Scenario scenario = ScenarioFile.load(stack.layout().projectRoot(), name).scenario();
        String runbook = scenario.runbook().replaceFirst("#.*", "").replaceFirst("^runbooks/", "");
        assertThat(DrillCli.execute("start", "--scenario", name, "--time-limit", TIME_LIMIT.toSeconds() + "s",
                "--player", "reference", "--seed", "7")).as("the drill started (the steady state held, the fault is on)").isZero();
        DrillFiles.HostInfo host = files.host().orElseThrow();

        ReferenceResponder.Result result = new ReferenceResponder(new DrillClient(host.port(), token), stack.layout().projectRoot(), System.out)
                .respond(TIME_LIMIT.plusMinutes(1));
        DrillRecord drill = awaitFinished(host.id(), TIME_LIMIT.plusMinutes(3));

        assertThat(result.runbook()).as("the runbook the page led to").isEqualTo(runbook);
        assertThat(result.diagnosis()).isEqualTo(scenario.fault().diagnosis().get(0));
        assertThat(drill.commands).as("the runbook's blocks ran").isNotEmpty()
                .allSatisfy(c -> assertThat(c.exitCode()).as(c.ref() + " block " + c.block() + ": " + c.command() + "\n" + c.output()).isZero());
        assertThat(drill.commands).extracting(DrillRecord.CommandRun::ref)
                .contains("runbooks/" + runbook + "#diagnosis", "runbooks/" + runbook + "#mitigation");
        assertThat(drill.outcome).as(name + ": " + drill.reason + "; timeline " + drill.timeline).isEqualTo(DrillRecord.Outcome.mitigated);
        assertThat(drill.wrongDiagnoses()).isZero();
        assertThat(drill.ttd()).isNotNull().isPositive();
        assertThat(drill.ttm()).isNotNull().isGreaterThan(drill.ttd()).isLessThan((double) TIME_LIMIT.toSeconds());
        // The page came from the incident's own alerts; each that fired and promises a resolve sent it (one that never
        // fired, because the runbook ended the fault first, is fine: the steady state says it is not active).
        List<Scenario.ExpectedAlert> expected = scenario.expectedAlerts().stream().filter(a -> a.appliesTo("defect")).toList();
        assertThat(drill.pages).as("an expected alert paged").anyMatch(p -> p.status().equals("firing")
                && expected.stream().anyMatch(a -> a.alert().equals(p.alert())));
        for (Scenario.ExpectedAlert alert : expected) {
            boolean fired = drill.pages.stream().anyMatch(p -> p.alert().equals(alert.alert()) && p.status().equals("firing"));
            if (fired && alert.resolveWithin() != null) {
                assertThat(drill.pages).as(alert.alert() + " resolved").anyMatch(p -> p.alert().equals(alert.alert()) && p.status().equals("resolved"));
            }
        }
        assertThat(drill.rollbacksDone).isTrue();
        assertThat(drill.rollbacks).allSatisfy(r -> assertThat(r.succeeded()).as("rollback " + r.name()).isTrue());
        System.out.printf("drill %s: %s TTA %s TTD %s TTM %s score %s%n", name, drill.outcome, drill.tta(), drill.ttd(), drill.ttm(),
                drill.score == null ? null : drill.score.score());
    }

}
