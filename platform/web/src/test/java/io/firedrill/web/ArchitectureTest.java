package io.firedrill.web;

import io.firedrill.architecture.PlatformArchitectureTest;

/**
 * Keeps the web library's packages (web, admin) free of cycles and free of any service code.
 */
class ArchitectureTest extends PlatformArchitectureTest {

    ArchitectureTest() {
        super(WebAutoConfiguration.class);
    }
}
