package io.firedrill.deploy;

import io.firedrill.architecture.ModuleArchitectureTest;

/** The deployment checks' packages depend on one another without a cycle. */
class ArchitectureTest extends ModuleArchitectureTest {

    ArchitectureTest() {
        super(ChartRenderer.class);
    }
}
