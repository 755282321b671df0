package io.firedrill.chaos.runner;

import io.firedrill.chaos.model.Scenario;
import io.firedrill.stack.ComponentStatus;
import io.firedrill.stack.Stack;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the stack may take a fault now: every component healthy and the services the scenario requires ready. A run
 * whose preconditions fail injects nothing.
 */
public final class Preconditions {

    /** A health check that times out once on a busy machine is not a stack that is down: ask again for 30 s. */
    private static final int RETRIES = 10;
    private static final long RETRY_PAUSE_MILLIS = 3_000;

    private final Stack stack;

    public Preconditions(Stack stack) {
        this.stack = stack;
    }

    /** Null once the scenario may run; otherwise what is still missing after the retries. */
    public String awaitMet(Scenario scenario) throws InterruptedException {
        String notReady = check(scenario);
        for (int i = 0; notReady != null && i < RETRIES; i++) {
            Thread.sleep(RETRY_PAUSE_MILLIS);
            notReady = check(scenario);
        }
        return notReady;
    }

    private String check(Scenario scenario) {
        List<String> down = stack.status().stream().filter(s -> !s.healthy()).map(ComponentStatus::component).toList();
        if (!down.isEmpty()) {
            return "the stack is not up (unhealthy: " + String.join(", ", down) + "); run `make up`";
        }
        if (!scenario.requires().isEmpty()) {
            List<String> missing = new ArrayList<>();
            List<ComponentStatus> services = stack.serviceStatus();
            for (String required : scenario.requires()) {
                boolean ready = services.stream().anyMatch(s -> s.component().equals(required) && s.healthy());
                if (!ready) {
                    missing.add(required);
                }
            }
            if (!missing.isEmpty()) {
                return "required services are not ready: " + String.join(", ", missing) + "; run `make services-up`";
            }
        }
        return null;
    }
}
