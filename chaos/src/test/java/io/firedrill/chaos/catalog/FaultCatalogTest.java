package io.firedrill.chaos.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.chaos.ChaosCli;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.stack.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chaos/faults.json and the table in chaos/README.md are what {@link FaultCatalog} generates from the scenarios' fault
 * blocks (`make chaos-catalog` rewrites both), every scenario declares its fault, and no two faults share a diagnosis id.
 */
class FaultCatalogTest {

    private final Path root = StackLayout.locateProjectRoot(Path.of(""));

    @Test
    void everyScenarioDeclaresItsFault() {
        for (String name : ScenarioFile.names(root)) {
            ScenarioFile file = ScenarioFile.load(root, name); // a missing or broken fault block fails here, naming the problem
            assertThat(file.scenario().fault()).as(name + " lacks its fault: block").isNotNull();
        }
    }

    @Test
    void theCommittedCatalogIsTheGeneratedOne() throws Exception {
        String expected = FaultCatalog.load(root).json();
        Path file = root.resolve(FaultCatalog.FILE);

        assertThat(Files.exists(file) ? Files.readString(file) : null)
                .as("%s is stale: run `make chaos-catalog` (or write this to it):%n%s", FaultCatalog.FILE, expected)
                .isEqualTo(expected);
    }

    @Test
    void theReadmeTableIsTheGeneratedOne() throws Exception {
        String expected = CatalogTable.markdown(FaultCatalog.load(root));

        assertThat(CatalogTable.current(root.resolve("chaos/README.md")))
                .as("chaos/README.md's fault table is stale: run `make chaos-catalog` (or paste this between the markers):%n%s", expected)
                .isEqualTo(expected);
    }

    @Test
    void eachFaultListsItsLeversPerModeWithTheModesVariablesFilledIn() {
        FaultCatalog catalog = FaultCatalog.load(root);
        FaultEntry oversell = entry(catalog, "oversell");
        FaultEntry alertPath = entry(catalog, "alert-path");

        assertThat(oversell.modes().get("defect").lever()).first()
                .isEqualTo("http PATCH inventory-service /admin/settings {confirmGuard: false, reaperInterval: 200ms}");
        assertThat(oversell.modes().get("defended").lever()).first()
                .isEqualTo("http PATCH inventory-service /admin/settings {confirmGuard: true, reaperInterval: 200ms}");
        assertThat(entry(catalog, "replica-lag").modes().get("defect").lever()).containsExactly("stack replica-delay {seconds: 8}");
        assertThat(alertPath.modes().get("defended").lever()).as("a control mode injects nothing").isEmpty();
        assertThat(oversell.expectedAlerts()).extracting(FaultEntry.Alert::alert, FaultEntry.Alert::within, FaultEntry.Alert::modes)
                .contains(org.assertj.core.groups.Tuple.tuple("InventoryOversold", "30s", List.of("defect")));
        assertThat(oversell.diagnosis()).first().isEqualTo("inventory.confirm-guard-off");
    }

    @Test
    void aDiagnosisIdDeclaredByTwoScenariosIsRefusedNamingBoth(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(ScenarioFile.scenariosDir(root).resolve("alert-path/scenario.yaml"));
        Path first = Files.writeString(dir.resolve("first.yaml"), yaml);
        Path second = Files.writeString(dir.resolve("second.yaml"), yaml);
        List<ScenarioFile> files = List.of(ScenarioFile.load(root, "first-drill", first), ScenarioFile.load(root, "second-drill", second));

        assertThatThrownBy(() -> FaultCatalog.of(files)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("diagnosis id 'alert-sink.smoke-signal-raised' is declared by both first-drill and second-drill");
    }

    @Test
    void theCliPrintsTheCatalog() {
        assertThat(ChaosCli.execute("catalog")).isZero();
    }

    private static FaultEntry entry(FaultCatalog catalog, String id) {
        return catalog.faults().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }
}
