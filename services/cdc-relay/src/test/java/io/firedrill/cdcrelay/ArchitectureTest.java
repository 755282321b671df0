package io.firedrill.cdcrelay;

import io.firedrill.architecture.ServiceArchitectureTest;

/**
 * Keeps the relay's packages (admin, relay, routing) free of cycles and its reach to the services' code
 * through the platform only (it reads their outbox tables, never their classes).
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(CdcRelayApplication.class);
    }
}
