package io.firedrill.architecture;

import static io.firedrill.architecture.LayerRules.reachesOnlyItselfAndPlatform;

import org.junit.jupiter.api.Test;

/**
 * A platform library's checks: no package cycle, and no service or tool code reached (every module may depend on
 * the platform, so the platform may depend on none of them).
 */
public abstract class PlatformArchitectureTest extends ModuleArchitectureTest {

    protected PlatformArchitectureTest(Class<?> anchor) {
        super(anchor);
    }

    @Test
    void reachesNoServiceNorTool() {
        reachesOnlyItselfAndPlatform(root).check(classes);
    }
}
