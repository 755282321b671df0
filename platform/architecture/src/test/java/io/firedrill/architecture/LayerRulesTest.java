package io.firedrill.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Each rule fails on a fixture that breaks it (so a violation added later fails the build) and passes otherwise. */
class LayerRulesTest {

    private static final String FIXTURE = "io.firedrill.architecture.fixture";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void noCyclesFailsOnAPackageCycleNamingBothPackages() {
        assertThatThrownBy(() -> LayerRules.noCycles(FIXTURE + ".cyclic").check(CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected: " + FIXTURE + ".cyclic.a")
                .hasMessageContaining(FIXTURE + ".cyclic.b");
    }

    @Test
    void noCyclesPassesOnLayersThatOnlyPointInward() {
        LayerRules.noCycles(FIXTURE + ".layered").check(CLASSES);
    }

    @Test
    void domainIsPureFailsOnJdbcAndOnTheModulesOwnPersistence() {
        assertThatThrownBy(() -> LayerRules.domainIsPure(FIXTURE + ".layered").check(CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("<java.sql.Timestamp>")
                .hasMessageContaining("<" + FIXTURE + ".layered.persistence.EntryRow>");
    }

    @Test
    void domainIsPureIgnoresOuterLayersUsingTheDomain() {
        assertThat(LayerRules.domainIsPure(FIXTURE + ".layered").evaluate(CLASSES).getFailureReport().getDetails())
                .noneMatch(line -> line.contains(FIXTURE + ".layered.api"));
    }

    @Test
    void reachesOnlyItselfAndPlatformFailsOnAnotherModulesClass() {
        assertThatThrownBy(() -> LayerRules.reachesOnlyItselfAndPlatform(FIXTURE + ".leaky").check(CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("<" + FIXTURE + ".layered.domain.Entry>");
    }

    @Test
    void reachesOnlyItselfAndPlatformAllowsTheModulesOwnPackages() {
        LayerRules.reachesOnlyItselfAndPlatform(FIXTURE + ".layered").check(CLASSES);
    }

    @Test
    void layersInOrderFailsOnAnInnerLayerReachingOut() {
        assertThatThrownBy(() -> LayerRules.layersInOrder(FIXTURE + ".layered", "api", "persistence", "domain")
                .check(CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no class of " + FIXTURE + ".layered.domain depends on api, persistence")
                .hasMessageContaining("<" + FIXTURE + ".layered.persistence.EntryRow>");
    }

    @Test
    void layersInOrderPassesWhenEveryDependencyPointsInward() {
        LayerRules.layersInOrder(FIXTURE + ".layered", "api", "domain").check(CLASSES);
    }
}
