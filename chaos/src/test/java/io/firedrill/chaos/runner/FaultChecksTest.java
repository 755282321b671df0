package io.firedrill.chaos.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.chaos.model.Scenario;
import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's fault block is checked before anything runs: a drill scores against it, so it must be right. */
class FaultChecksTest {

    private final Path root = StackLayout.locateProjectRoot(Path.of(""));

    @Test
    void aWellFormedFaultHasNoProblems() {
        assertThat(FaultChecks.problems(fault("The guard was off.", List.of("inventory.confirm-guard-off"),
                List.of("inventory-service", "mariadb-primary"), List.of("checkout-latency"), "runbooks/oversell.md#mitigation"), root))
                .isEmpty();
    }

    @Test
    void aScenarioWithoutAFaultBlockDoesNotLoad(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("scenario.yaml"), """
                title: no fault declared
                runbook: runbooks/stack.md
                modes: {defect: {description: nothing}}
                """);

        assertThatThrownBy(() -> ScenarioFile.load(root, "no-fault", file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing the fault block");
    }

    @Test
    void theRootCauseIsOneSentence() {
        assertThat(FaultChecks.problems(fault("The guard was off. Payments were slow.", ok(), List.of("inventory-service"),
                List.of(), "runbooks/oversell.md#mitigation"), root)).containsExactly(
                "fault: root-cause must be one sentence, got: The guard was off. Payments were slow.");
        assertThat(FaultChecks.problems(fault(" ", ok(), List.of("inventory-service"), List.of(), "runbooks/oversell.md#mitigation"), root))
                .containsExactly("fault: root-cause is missing");
    }

    @Test
    void diagnosisIdsReadComponentDotWhatIsWrongOnceEach() {
        List<String> problems = FaultChecks.problems(fault("x.", List.of("Inventory.GuardOff", "inventory", "order.ttl", "order.ttl"),
                List.of("inventory-service"), List.of(), "runbooks/oversell.md#mitigation"), root);

        assertThat(problems).hasSize(3).anySatisfy(p -> assertThat(p).contains("'Inventory.GuardOff' is not of the form"))
                .anySatisfy(p -> assertThat(p).contains("'inventory' is not of the form"))
                .anySatisfy(p -> assertThat(p).contains("'order.ttl' is listed twice"));
        assertThat(FaultChecks.problems(fault("x.", List.of(), List.of("inventory-service"), List.of(), "runbooks/oversell.md#mitigation"), root))
                .singleElement().asString().contains("diagnosis needs at least one id");
    }

    @Test
    void componentsAndSlosMustExist() {
        List<String> problems = FaultChecks.problems(fault("x.", ok(), List.of("inventory", "kafka"), List.of("checkout-speed"),
                "runbooks/oversell.md#mitigation"), root);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("fault: unknown component 'inventory'; known: ").contains("mariadb-replica", "order-service");
        assertThat(problems.get(1)).isEqualTo("fault: unknown SLO 'checkout-speed' (no alerting/slo/checkout-speed.yml)");
    }

    @Test
    void theRunbookSectionMustBeAHeadingOfAnExistingRunbook() {
        assertThat(problems("runbooks/oversell.md#mitigate")).singleElement().asString()
                .startsWith("fault: runbooks/oversell.md has no heading with anchor #mitigate; its anchors: [").contains("mitigation");
        assertThat(problems("runbooks/nope.md#mitigation")).containsExactly("fault: runbook-section file runbooks/nope.md does not exist");
        assertThat(problems("runbooks/oversell.md")).singleElement().asString().contains("must be runbooks/<file>.md#<anchor>");
        assertThat(problems("runbooks/stack.md#stacksmokesignal")).isEmpty();
    }

    private List<String> problems(String runbookSection) {
        return FaultChecks.problems(fault("x.", ok(), List.of("alert-sink"), List.of(), runbookSection), root);
    }

    private static List<String> ok() {
        return List.of("inventory.confirm-guard-off");
    }

    private static Scenario.Fault fault(String rootCause, List<String> diagnosis, List<String> components, List<String> slos,
                                        String runbookSection) {
        return new Scenario.Fault(rootCause, diagnosis, components, slos, runbookSection);
    }
}
