package io.firedrill.web;

import static io.firedrill.architecture.LayerRules.noCycles;
import static io.firedrill.architecture.LayerRules.reachesOnlyItselfAndPlatform;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.firedrill.architecture.ModuleClasses;
import org.junit.jupiter.api.Test;

/**
 * Keeps the web library's packages (web, admin) free of cycles and free of any service code.
 */
class ArchitectureTest {

    private static final String ROOT = WebAutoConfiguration.class.getPackageName();
    private static final JavaClasses CLASSES = ModuleClasses.of(WebAutoConfiguration.class);

    @Test
    void packagesDependOnEachOtherWithoutCycle() {
        noCycles(ROOT).check(CLASSES);
    }

    @Test
    void reachesNoServiceNorTool() {
        reachesOnlyItselfAndPlatform(ROOT).check(CLASSES);
    }
}
