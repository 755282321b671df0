package io.firedrill.chaos.provider;

import io.firedrill.chaos.runner.RunContext;
import java.util.Map;

/**
 * Infrastructure faults through firedrill-stack: {@code action: kill} (SIGKILL a component or service),
 * {@code up} (bring back whatever is down, infrastructure and started services).
 */
final class StackProvider implements Provider {

    @Override
    public Object run(Map<String, Object> args, RunContext context) {
        String action = Provider.required(args, "action");
        return switch (action) {
            case "kill" -> {
                String component = Provider.required(args, "component");
                yield "killed " + component + " pid " + context.stack().kill(component);
            }
            case "up" -> {
                context.stack().up();
                boolean services = context.stack().serviceStatus().stream().anyMatch(s -> !s.detail().equals("not started"));
                if (services) {
                    context.stack().upServices();
                }
                yield "stack up" + (services ? " with services" : "");
            }
            default -> throw new IllegalArgumentException("unknown stack action '" + action + "' (kill, up)");
        };
    }
}
