package io.firedrill.chaos;

import static io.firedrill.architecture.LayerRules.noCycles;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.firedrill.architecture.ModuleClasses;
import org.junit.jupiter.api.Test;

/**
 * Keeps the chaos runner's packages (runner, provider, model, report) free of cycles: providers are plugged
 * into the runner, never the other way round.
 */
class ArchitectureTest {

    private static final String ROOT = ChaosCli.class.getPackageName();
    private static final JavaClasses CLASSES = ModuleClasses.of(ChaosCli.class);

    @Test
    void packagesDependOnEachOtherWithoutCycle() {
        noCycles(ROOT).check(CLASSES);
    }
}
