package io.firedrill.order.saga;

import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.commands.Command;
import io.firedrill.order.admin.OrderSettings.Snapshot;
import io.firedrill.order.domain.Order;
import io.firedrill.order.domain.saga.SagaInstance;
import io.firedrill.order.domain.saga.SagaStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The shape of {@link CheckoutSaga}'s rows and the questions the engine asks of them: which step comes next, which
 * compensation is due, what command and deadline a step has, which row a reply belongs to.
 */
public final class SagaTable {

    /** A forward step and the replies that answer its command (one success, one or more failures). */
    public record Step(
            SagaStep step,
            Class<? extends Command> command,
            Function<CheckoutSaga.Data, Command> build,
            Function<Snapshot, Duration> deadline,
            String timeoutReason,
            BiConsumer<Order, Instant> orderReached,
            SagaStep compensation,
            Predicate<SagaInstance> needsCompensation,
            List<Reply<?>> replies) {

        /** For a step whose success changes nothing on the order. */
        static final BiConsumer<Order, Instant> NO_CHANGE = (order, now) -> {};

        public Step {
            if (step.isCompensation()) {
                throw new IllegalArgumentException(step + " is a compensation, not a forward step");
            }
            replies = replies.stream().<Reply<?>>map(r -> r.answering(step)).toList();
            List<Reply<?>> successes = replies.stream().filter(r -> r.kind() == Reply.Kind.SUCCESS).toList();
            if (successes.size() != 1 || replies.stream().noneMatch(r -> r.kind() == Reply.Kind.FAILURE)
                    || replies.stream().anyMatch(r -> r.kind() == Reply.Kind.ACKNOWLEDGEMENT)) {
                throw new IllegalArgumentException(step + " needs one success and at least one failure, and no acknowledgement");
            }
            if (successes.get(0).records() == null && successes.get(0).late() == null) {
                throw new IllegalArgumentException(step + ": a success that records nothing needs a late hook");
            }
        }
    }

    /** A compensation: the command that undoes a step and the replies that acknowledge it. */
    public record Compensation(
            SagaStep step,
            Class<? extends Command> command,
            Function<CheckoutSaga.Data, Command> build,
            Function<Snapshot, Duration> deadline,
            List<Reply<?>> replies) {

        public Compensation {
            if (!step.isCompensation()) {
                throw new IllegalArgumentException(step + " is a forward step, not a compensation");
            }
            replies = replies.stream().<Reply<?>>map(r -> r.answering(step)).toList();
            if (replies.isEmpty() || replies.stream().anyMatch(r -> r.kind() != Reply.Kind.ACKNOWLEDGEMENT || r.records() == null)) {
                throw new IllegalArgumentException(step + " is answered by acknowledgements that record what was undone");
            }
        }
    }

    private SagaTable() {}

    public static SagaStep firstStep() {
        return CheckoutSaga.STEPS.get(0).step();
    }

    public static Step step(SagaStep step) {
        return CheckoutSaga.STEPS.stream().filter(s -> s.step() == step).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(step + " is not a forward step"));
    }

    public static Compensation compensation(SagaStep step) {
        return CheckoutSaga.COMPENSATIONS.stream().filter(c -> c.step() == step).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(step + " is not a compensation"));
    }

    /** The forward step after {@code step}, empty after the last one. */
    public static Optional<SagaStep> next(SagaStep step) {
        int i = CheckoutSaga.STEPS.indexOf(step(step));
        return i + 1 < CheckoutSaga.STEPS.size() ? Optional.of(CheckoutSaga.STEPS.get(i + 1).step()) : Optional.empty();
    }

    public static SagaStep lastStep() {
        return CheckoutSaga.STEPS.get(CheckoutSaga.STEPS.size() - 1).step();
    }

    /** The next compensation to run: the latest step whose effect is still held, walking backwards. */
    public static Optional<SagaStep> nextCompensation(SagaInstance saga) {
        for (int i = CheckoutSaga.STEPS.size() - 1; i >= 0; i--) {
            Step step = CheckoutSaga.STEPS.get(i);
            if (step.compensation() != null && step.needsCompensation().test(saga)) {
                return Optional.of(step.compensation());
            }
        }
        return Optional.empty();
    }

    /** The command of a forward step or compensation, built from the order and what the saga learned. */
    public static Command command(SagaStep step, CheckoutSaga.Data data) {
        Command command = step.isCompensation() ? compensation(step).build().apply(data) : step(step).build().apply(data);
        Class<? extends Command> declared = commandType(step);
        if (!declared.isInstance(command)) {
            throw new IllegalStateException(step + " declares " + declared.getSimpleName() + " but built " + command);
        }
        return command;
    }

    public static Duration deadline(SagaStep step, Snapshot settings) {
        return step.isCompensation() ? compensation(step).deadline().apply(settings) : step(step).deadline().apply(settings);
    }

    public static int maxAttempts(SagaStep step, Snapshot settings) {
        return step.isCompensation() ? settings.compensationMaxAttempts() : settings.stepMaxAttempts();
    }

    /** Wire name of the command a step sends, for logs and errors. */
    public static String commandName(SagaStep step) {
        return MessageType.of(commandType(step)).typeName();
    }

    /** The reason a checkout is cancelled for when {@code step} is never answered. */
    public static String timeoutReason(SagaStep step) {
        return step(step).timeoutReason();
    }

    /** Every reply row of the table, forward steps first: what the consumer subscribes to. */
    public static List<Reply<?>> replies() {
        List<Reply<?>> replies = new ArrayList<>();
        CheckoutSaga.STEPS.forEach(s -> replies.addAll(s.replies()));
        CheckoutSaga.COMPENSATIONS.forEach(c -> replies.addAll(c.replies()));
        return List.copyOf(replies);
    }

    /** Every cancel reason the saga can produce: the replies' and the customer's, then one timeout reason per step. */
    public static List<String> cancelReasons() {
        List<String> reasons = new ArrayList<>(CheckoutSaga.cancelReasons());
        CheckoutSaga.STEPS.forEach(s -> reasons.add(s.timeoutReason()));
        return reasons;
    }

    private static Class<? extends Command> commandType(SagaStep step) {
        return step.isCompensation() ? compensation(step).command() : step(step).command();
    }
}
