package io.firedrill.drill.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.stack.StackLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sections of the real runbooks: what the reference responder and `run RUNBOOK#SECTION` read. */
class RunbookSectionTest {

    private final Path root = StackLayout.locateProjectRoot(Path.of(""));

    @Test
    void oversellDiagnosisNamesItsDiagnosisIdAndHasRunnableBlocks() {
        RunbookSection diagnosis = RunbookSection.read(root, "runbooks/oversell.md#diagnosis");
        assertThat(diagnosis.diagnosisIds()).containsExactly("inventory.confirm-guard-off");
        assertThat(diagnosis.runnableBlocks()).hasSize(4);
        assertThat(diagnosis.text()).doesNotContain("## Mitigation");
        assertThat(RunbookSection.read(root, "oversell#mitigation").runnableBlocks()).hasSize(2);
    }

    @Test
    void theAlertsRunbookUrlLinksToTheFullRunbook() {
        RunbookSection paged = RunbookSection.read(root, "runbooks/alerts.md#inventoryoversold");
        assertThat(paged.linkedRunbooks()).contains("oversell.md");
        assertThat(paged.runnableBlocks()).isEmpty();
    }

    @Test
    void aSectionWithoutRunnableBlocksIsAClearError() {
        RunbookSection paged = RunbookSection.read(root, "runbooks/alerts.md#inventoryoversold");
        AuditedExecutor executor = new AuditedExecutor(root, 17000, 10);
        assertThatThrownBy(() -> executor.run(paged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ```bash runnable block");
    }

    @Test
    void unknownRunbooksAndSectionsAreErrorsNamingWhatExists() {
        assertThatThrownBy(() -> RunbookSection.read(root, "runbooks/oversell.md#nope")).hasMessageContaining("sections: ")
                .hasMessageContaining("diagnosis");
        assertThatThrownBy(() -> RunbookSection.read(root, "runbooks/none.md#x")).hasMessageContaining("no runbook");
        assertThatThrownBy(() -> RunbookSection.read(root, "runbooks/../pom.xml#x")).hasMessageContaining("no runbook");
        assertThatThrownBy(() -> RunbookSection.read(root, "oversell")).hasMessageContaining("RUNBOOK#SECTION");
    }

    @Test
    void theExecutorRecordsCommandExitCodeAndOutputAndSpotsWrites() {
        AuditedExecutor executor = new AuditedExecutor(root, 17000, 10);
        RunbookSection section = new RunbookSection("t#x", root.resolve("t.md"), "x", "", List.of("echo hello 17095\n", "exit 3\n"), List.of(), List.of());
        var runs = executor.run(section);
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).exitCode()).isZero();
        assertThat(runs.get(0).output()).isEqualTo("hello 17095\n");
        assertThat(runs.get(1).exitCode()).isEqualTo(3);
        assertThat(new AuditedExecutor(root, 18000, 10).run(section).get(0).output()).isEqualTo("hello 18095\n");
        assertThat(AuditedExecutor.changesSettings("curl -sf -X PATCH http://x -d '{}'")).isTrue();
        assertThat(AuditedExecutor.changesSettings("mariadb -e \"UPDATE firedrill_inventory.stock SET on_hand = 1\"")).isTrue();
        assertThat(AuditedExecutor.changesSettings("curl -sf http://127.0.0.1:17102/api/inventory/oversold")).isFalse();
    }
}
