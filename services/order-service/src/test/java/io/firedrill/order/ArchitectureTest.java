package io.firedrill.order;

import static io.firedrill.architecture.LayerRules.domainIsPure;
import static io.firedrill.architecture.LayerRules.layersInOrder;
import static io.firedrill.architecture.LayerRules.noCycles;
import static io.firedrill.architecture.LayerRules.reachesOnlyItselfAndPlatform;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.firedrill.architecture.ModuleClasses;
import io.firedrill.architecture.ServicePom;
import org.junit.jupiter.api.Test;

/**
 * Keeps the order service's packages (api, checkout, saga, persistence, domain...) free of cycles,
 * its domain free of frameworks and storage, and other services reached only through the platform.
 */
class ArchitectureTest {

    private static final String ROOT = OrderServiceApplication.class.getPackageName();
    private static final JavaClasses CLASSES = ModuleClasses.of(OrderServiceApplication.class);

    @Test
    void packagesDependOnEachOtherWithoutCycle() {
        noCycles(ROOT).check(CLASSES);
    }

    @Test
    void readsApiCheckoutSagaPersistenceDomainTopDown() {
        layersInOrder(ROOT, "api", "checkout", "saga", "persistence", "domain").check(CLASSES);
    }

    @Test
    void domainImportsNoFrameworkNorStorage() {
        domainIsPure(ROOT).check(CLASSES);
    }

    @Test
    void reachesOtherServicesOnlyThroughPlatform() {
        reachesOnlyItselfAndPlatform(ROOT).check(CLASSES);
    }

    @Test
    void pomNamesOnlyPlatformModules() {
        ServicePom.assertDependsOnlyOnPlatform(OrderServiceApplication.class);
    }
}
