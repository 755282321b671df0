package io.firedrill.stack.junit;

import io.firedrill.stack.ComponentStatus;
import io.firedrill.stack.Endpoints;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Brings the real local stack up once per test run and hands tests its {@link Endpoints}.
 *
 * <p>If the stack is already running (as under {@code make test}, which starts it first), it is reused,
 * repaired with an idempotent {@code up} if a component is unhealthy, and left running. If nothing runs, the
 * extension starts it and stops it when the test run ends, unless {@code FIREDRILL_KEEP_STACK=1}. Use with {@code @ExtendWith(FiredrillStackExtension.class)} and take an
 * {@code Endpoints} (or {@code Stack}) parameter in a test or lifecycle method.
 */
public final class FiredrillStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FiredrillStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        handle(context);
    }

    /** The run's stack, brought up once (or reused): for extensions that build on it, as e2e's services do. */
    public static Stack stack(ExtensionContext context) {
        return handle(context).stack;
    }

    private static RunningStack handle(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningStack.class, key -> RunningStack.ensureUp(), RunningStack.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Endpoints.class || type == Stack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningStack running = handle(context);
        return parameter.getParameter().getType() == Stack.class ? running.stack : running.stack.endpoints();
    }

    /** Closed by JUnit at the end of the run: stops the stack only if this run started it. */
    static final class RunningStack implements AutoCloseable {
        final Stack stack;
        final boolean startedHere;

        private RunningStack(Stack stack, boolean startedHere) {
            this.stack = stack;
            this.startedHere = startedHere;
        }

        static RunningStack ensureUp() {
            Stack stack = new Stack(StackLayout.defaults(), System.out);
            // Only a stack started from nothing is ours to stop: one that merely looked unhealthy (a slow
            // health probe on a busy machine) belongs to whoever started it, and up() just repairs it.
            boolean nothingRunning = stack.status().stream().noneMatch(ComponentStatus::running);
            if (!stack.status().stream().allMatch(ComponentStatus::healthy)) {
                stack.up();
            }
            return new RunningStack(stack, nothingRunning);
        }

        @Override
        public void close() {
            if (startedHere && !"1".equals(System.getenv("FIREDRILL_KEEP_STACK"))) {
                stack.down();
            }
        }
    }
}
