package io.firedrill.traffic;

import io.firedrill.architecture.ModuleArchitectureTest;

/**
 * Keeps the traffic generator's packages (cli, engine, profile, data, report, bench) free of cycles.
 */
class ArchitectureTest extends ModuleArchitectureTest {

    ArchitectureTest() {
        super(TrafficRunner.class);
    }
}
