package io.firedrill.stack;

import io.firedrill.architecture.PlatformArchitectureTest;

/**
 * Keeps the stack's packages (server, component, junit, testing) free of cycles and free of any service or
 * tool code: every module may depend on the stack, so it may depend on none of them.
 */
class ArchitectureTest extends PlatformArchitectureTest {

    ArchitectureTest() {
        super(Stack.class);
    }
}
