package io.firedrill.inventory;

import io.firedrill.architecture.ServiceArchitectureTest;

/**
 * Keeps the inventory service's packages (api, messaging, persistence, domain) free of cycles, its domain
 * free of frameworks and storage, and other services reached only through the platform.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(InventoryApplication.class);
    }
}
