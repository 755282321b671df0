package io.firedrill.messaging;

import io.firedrill.architecture.PlatformArchitectureTest;

/**
 * Keeps the messaging library's packages free of cycles and free of any service code.
 */
class ArchitectureTest extends PlatformArchitectureTest {

    ArchitectureTest() {
        super(MessagingAutoConfiguration.class);
    }
}
