package io.firedrill.drill;

import io.firedrill.architecture.ModuleArchitectureTest;

/**
 * Keeps the drill module's packages (model, runbook, report, host, client, responder) free of cycles: the model is a
 * leaf, the host uses the runbook executor and the reports, the CLI and the responder only talk to the host's API.
 */
class ArchitectureTest extends ModuleArchitectureTest {

    ArchitectureTest() {
        super(DrillCli.class);
    }
}
