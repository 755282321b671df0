package io.firedrill.notification;

import io.firedrill.architecture.ServiceArchitectureTest;

/**
 * Keeps the notification service's packages (api, messaging, delivery, persistence, domain) free of cycles,
 * its domain free of frameworks and storage, and other services reached only through the platform.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(NotificationApplication.class);
    }
}
