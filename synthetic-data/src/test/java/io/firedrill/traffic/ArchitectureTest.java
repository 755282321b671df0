package io.firedrill.traffic;

import static io.firedrill.architecture.LayerRules.noCycles;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.firedrill.architecture.ModuleClasses;
import org.junit.jupiter.api.Test;

/**
 * Keeps the traffic generator's packages (cli, engine, profile, data, report, bench) free of cycles.
 */
class ArchitectureTest {

    private static final String ROOT = TrafficRunner.class.getPackageName();
    private static final JavaClasses CLASSES = ModuleClasses.of(TrafficRunner.class);

    @Test
    void packagesDependOnEachOtherWithoutCycle() {
        noCycles(ROOT).check(CLASSES);
    }
}
