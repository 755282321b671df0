package io.firedrill.contracts;

import io.firedrill.architecture.PlatformArchitectureTest;

/**
 * Keeps the contracts' packages (events, commands, compat) free of cycles and free of any service code: the
 * wire vocabulary is what services share, so it may know none of them.
 */
class ArchitectureTest extends PlatformArchitectureTest {

    ArchitectureTest() {
        super(MessageType.class);
    }
}
