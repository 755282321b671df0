package io.firedrill.shipment;

import io.firedrill.architecture.ServiceArchitectureTest;

/**
 * Keeps the shipment service's packages (api, messaging, label, storage, persistence, domain) free of cycles,
 * its domain free of frameworks and storage, and other services reached only through the platform.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(ShipmentApplication.class);
    }
}
