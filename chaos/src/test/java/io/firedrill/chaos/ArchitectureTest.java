package io.firedrill.chaos;

import io.firedrill.architecture.ModuleArchitectureTest;

/**
 * Keeps the chaos runner's packages (runner, provider, model, report) free of cycles: providers are plugged
 * into the runner, never the other way round.
 */
class ArchitectureTest extends ModuleArchitectureTest {

    ArchitectureTest() {
        super(ChaosCli.class);
    }
}
