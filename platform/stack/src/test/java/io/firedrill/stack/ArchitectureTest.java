package io.firedrill.stack;

import static io.firedrill.architecture.LayerRules.noCycles;
import static io.firedrill.architecture.LayerRules.reachesOnlyItselfAndPlatform;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.firedrill.architecture.ModuleClasses;
import org.junit.jupiter.api.Test;

/**
 * Keeps the stack's packages (server, component, junit, testing) free of cycles and free of any service or
 * tool code: every module may depend on the stack, so it may depend on none of them.
 */
class ArchitectureTest {

    private static final String ROOT = Stack.class.getPackageName();
    private static final JavaClasses CLASSES = ModuleClasses.of(Stack.class);

    @Test
    void packagesDependOnEachOtherWithoutCycle() {
        noCycles(ROOT).check(CLASSES);
    }

    @Test
    void reachesNoServiceNorTool() {
        reachesOnlyItselfAndPlatform(ROOT).check(CLASSES);
    }
}
