package io.firedrill.contracts;

import static io.firedrill.architecture.LayerRules.noCycles;
import static io.firedrill.architecture.LayerRules.reachesOnlyItselfAndPlatform;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.firedrill.architecture.ModuleClasses;
import org.junit.jupiter.api.Test;

/**
 * Keeps the contracts' packages (events, commands, compat) free of cycles and free of any service code: the
 * wire vocabulary is what services share, so it may know none of them.
 */
class ArchitectureTest {

    private static final String ROOT = MessageType.class.getPackageName();
    private static final JavaClasses CLASSES = ModuleClasses.of(MessageType.class);

    @Test
    void packagesDependOnEachOtherWithoutCycle() {
        noCycles(ROOT).check(CLASSES);
    }

    @Test
    void reachesNoServiceNorTool() {
        reachesOnlyItselfAndPlatform(ROOT).check(CLASSES);
    }
}
