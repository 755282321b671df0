package io.firedrill.messaging;

import static io.firedrill.architecture.LayerRules.noCycles;
import static io.firedrill.architecture.LayerRules.reachesOnlyItselfAndPlatform;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.firedrill.architecture.ModuleClasses;
import org.junit.jupiter.api.Test;

/**
 * Keeps the messaging library's packages free of cycles and free of any service code.
 */
class ArchitectureTest {

    private static final String ROOT = MessagingAutoConfiguration.class.getPackageName();
    private static final JavaClasses CLASSES = ModuleClasses.of(MessagingAutoConfiguration.class);

    @Test
    void packagesDependOnEachOtherWithoutCycle() {
        noCycles(ROOT).check(CLASSES);
    }

    @Test
    void reachesNoServiceNorTool() {
        reachesOnlyItselfAndPlatform(ROOT).check(CLASSES);
    }
}
