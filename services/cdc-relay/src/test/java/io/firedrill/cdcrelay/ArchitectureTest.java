package io.firedrill.cdcrelay;

import static io.firedrill.architecture.LayerRules.noCycles;
import static io.firedrill.architecture.LayerRules.reachesOnlyItselfAndPlatform;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.firedrill.architecture.ModuleClasses;
import io.firedrill.architecture.ServicePom;
import org.junit.jupiter.api.Test;

/**
 * Keeps the relay's packages (api, relay, routing) free of cycles and its reach to the services' code
 * through the platform only (it reads their outbox tables, never their classes).
 */
class ArchitectureTest {

    private static final String ROOT = CdcRelayApplication.class.getPackageName();
    private static final JavaClasses CLASSES = ModuleClasses.of(CdcRelayApplication.class);

    @Test
    void packagesDependOnEachOtherWithoutCycle() {
        noCycles(ROOT).check(CLASSES);
    }

    @Test
    void reachesOtherServicesOnlyThroughPlatform() {
        reachesOnlyItselfAndPlatform(ROOT).check(CLASSES);
    }

    @Test
    void pomNamesOnlyPlatformModules() {
        ServicePom.assertDependsOnlyOnPlatform(CdcRelayApplication.class);
    }
}
