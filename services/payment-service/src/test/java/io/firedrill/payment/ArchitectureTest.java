package io.firedrill.payment;

import io.firedrill.architecture.ServiceArchitectureTest;

/**
 * Keeps the payment service's packages (api, messaging, provider, persistence, domain) free of cycles, its
 * domain free of frameworks and storage, and other services reached only through the platform.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(PaymentApplication.class);
    }
}
