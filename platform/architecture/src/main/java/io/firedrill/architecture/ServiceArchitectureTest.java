package io.firedrill.architecture;

import static io.firedrill.architecture.LayerRules.domainIsPure;
import static io.firedrill.architecture.LayerRules.reachesOnlyItselfAndPlatform;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * A service's checks: no package cycle; a domain (when the service has one) free of frameworks and storage; other
 * services reached only through the platform, in its classes and in its pom.
 */
public abstract class ServiceArchitectureTest extends ModuleArchitectureTest {

    protected ServiceArchitectureTest(Class<?> anchor) {
        super(anchor);
    }

    @Test
    void domainImportsNoFrameworkNorStorage() {
        assumeTrue(classes.containPackage(root + ".domain"), root + " has no domain package");
        domainIsPure(root).check(classes);
    }

    @Test
    void reachesOtherServicesOnlyThroughPlatform() {
        reachesOnlyItselfAndPlatform(root).check(classes);
    }

    @Test
    void pomNamesOnlyPlatformModules() {
        ServicePom.assertDependsOnlyOnPlatform(anchor);
    }
}
