package io.firedrill.order.saga;

import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.events.Event;
import io.firedrill.order.domain.saga.SagaStep;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One reply row of {@link CheckoutSaga}: a participant's event, which step or compensation it {@code answers} and how
 * (its {@link Kind}), what it {@code records} on the saga instance, the cancel reason of a failure, and the named
 * hooks of its irregular cases. {@link SagaReplies} applies the rows; the consumer routes exactly these types.
 *
 * @param inTurn runs when the reply comes while the saga waits for it, before the engine records it (may be null)
 * @param late   decides instead of the engine's default rule when the reply comes while the saga is not waiting for
 *               it (may be null); unknown and duplicate replies are ignored before, its fact (if any) is recorded first
 */
public record Reply<R extends Event>(Class<R> type, Kind kind, SagaStep answers, Fact<R> records,
                                     Function<R, String> cancelReason, BiConsumer<Checkout, R> inTurn, Hook<R> late) {

    /** What a reply says about the command it answers. */
    public enum Kind {
        /** The step did what it was asked: the saga moves on (or, late, undoes what the reply holds). */
        SUCCESS,
        /** The step refused: the saga compensates with the reply's cancel reason (or, late, ignores it as stale). */
        FAILURE,
        /** A compensation is done, or made moot: the saga goes on undoing. */
        ACKNOWLEDGEMENT
    }

    /** An irregular case of one reply, named in the saga table. */
    @FunctionalInterface
    public interface Hook<R> {
        /** @return true when the checkout changed and must be written */
        boolean apply(Checkout checkout, R reply, SagaMoves moves);
    }

    public Reply {
        Objects.requireNonNull(type);
        Objects.requireNonNull(kind);
    }

    static <R extends Event> Reply<R> success(Class<R> type, Fact<R> records) {
        return new Reply<>(type, Kind.SUCCESS, null, records, null, null, null);
    }

    static <R extends Event> Reply<R> failure(Class<R> type, Function<R, String> cancelReason) {
        return new Reply<>(type, Kind.FAILURE, null, null, cancelReason, null, null);
    }

    static <R extends Event> Reply<R> acknowledgement(Class<R> type, Fact<R> records) {
        return new Reply<>(type, Kind.ACKNOWLEDGEMENT, null, records, null, null, null);
    }

    Reply<R> recording(Fact<R> fact) {
        return new Reply<>(type, kind, answers, fact, cancelReason, inTurn, late);
    }

    Reply<R> inTurn(BiConsumer<Checkout, R> hook) {
        return new Reply<>(type, kind, answers, records, cancelReason, hook, late);
    }

    Reply<R> late(Hook<R> hook) {
        return new Reply<>(type, kind, answers, records, cancelReason, inTurn, hook);
    }

    /** This row as part of {@code step}'s row; the table sets it. */
    Reply<R> answering(SagaStep step) {
        return new Reply<>(type, kind, step, records, cancelReason, inTurn, late);
    }

    /** Wire name of the reply, for logs. */
    public String name() {
        return MessageType.of(type).typeName();
    }
}
