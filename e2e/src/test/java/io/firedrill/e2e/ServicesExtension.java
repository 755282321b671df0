package io.firedrill.e2e;

import io.firedrill.stack.ComponentStatus;
import io.firedrill.stack.Stack;
import io.firedrill.stack.junit.FiredrillStackExtension;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole system for end-to-end tests: the infrastructure from {@link FiredrillStackExtension} (reused if running,
 * stopped at the end if this run started it) and cdc-relay plus the five services, started from their built jars once
 * per test run. Services this run started are stopped at the end (unless {@code FIREDRILL_KEEP_STACK=1}); services that
 * were already running are left alone.
 */
public final class ServicesExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ServicesExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        system(context);
    }

    /**
     * Every test starts on a quiet system: no saga in flight, no consumer behind. Sagas have deadlines, and one queued
     * behind the previous test's backlog (a killed service, a slowed provider) times out for reasons of its own. Best
     * effort: after three minutes the test runs anyway, with a warning.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        if (!system(context).firedrill.awaitQuiet(java.time.Duration.ofMinutes(3))) {
            System.out.println("WARNING: " + context.getDisplayName() + " starts while sagas are in flight or consumers lag");
        }
    }

    private static Running system(ExtensionContext context) {
        Stack stack = FiredrillStackExtension.stack(context);
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(Running.class, k -> Running.start(stack), Running.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Firedrill.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return system(context).firedrill;
    }

    static final class Running implements AutoCloseable {
        final Stack stack;
        final Firedrill firedrill;
        final boolean servicesStartedHere;

        private Running(Stack stack, boolean servicesStartedHere) {
            this.stack = stack;
            this.firedrill = new Firedrill(stack);
            this.servicesStartedHere = servicesStartedHere;
        }

        static Running start(Stack stack) {
            boolean servicesRunning = stack.serviceStatus().stream().anyMatch(ComponentStatus::running);
            stack.upServices();
            return new Running(stack, !servicesRunning);
        }

        @Override
        public void close() {
            if (servicesStartedHere && !"1".equals(System.getenv("FIREDRILL_KEEP_STACK"))) {
                stack.downServices();
            }
        }
    }
}
