package io.firedrill.chaos.provider;

import io.firedrill.chaos.core.RunContext;
import io.firedrill.stack.Replication;
import java.util.Map;

/**
 * Infrastructure faults through firedrill-stack: {@code action: kill} (SIGKILL a component or service),
 * {@code up} (bring back whatever is down: infrastructure, and services that were started and are gone), and the replica's replication:
 * {@code replica-stop-sql} (stop applying), {@code replica-delay} ({@code seconds}: MASTER_DELAY),
 * {@code replica-restore} (no delay, both threads running).
 */
final class StackProvider implements Provider {

    @Override
    public Object run(Map<String, Object> args, RunContext context) throws Exception {
        String action = Provider.required(args, "action");
        return switch (action) {
            case "kill" -> {
                String component = Provider.required(args, "component");
                yield "killed " + component + " pid " + context.stack().kill(component);
            }
            case "up" -> {
                context.stack().up();
                // Services only when a started one is gone: upServices first requires every component to answer its
                // health check, and a slow answer of an unrelated one (zipkin on a busy machine) failed broker-outage's
                // rollback after the broker it had to start was already back.
                boolean servicesGone = context.stack().serviceStatus().stream()
                        .anyMatch(s -> !s.running() && !s.detail().equals("not started"));
                if (servicesGone) {
                    context.stack().upServices();
                }
                yield "stack up" + (servicesGone ? ", services restarted" : "");
            }
            case "replica-stop-sql" -> "replica applier stopped: " + replication(context).stopApplier();
            case "replica-delay" -> "replica delayed: " + replication(context).delay(Integer.parseInt(Provider.required(args, "seconds")));
            case "replica-restore" -> "replica restored: " + replication(context).restore();
            default -> throw new IllegalArgumentException("unknown stack action '" + action
                    + "' (kill, up, replica-stop-sql, replica-delay, replica-restore)");
        };
    }

    private static Replication replication(RunContext context) {
        return new Replication(context.endpoints());
    }
}
