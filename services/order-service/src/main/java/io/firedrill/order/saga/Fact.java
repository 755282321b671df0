package io.firedrill.order.saga;

import io.firedrill.order.domain.saga.SagaInstance;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a reply records on the saga instance: a participant's id learned for the first time (a reservation held, a
 * payment authorized), or a known one's status moved (committed, expired, released, refunded). The engine asks the
 * fact whether a reply is news before it acts on it, so duplicate and unknown replies are told apart the same way
 * for every row of {@link CheckoutSaga}.
 */
public record Fact<R>(Holding<?> holding, Function<R, UUID> replyId, boolean learnsId, Predicate<SagaInstance> recordable,
                      BiConsumer<SagaInstance, R> record) {

    /** How a reply relates to what the saga already knows. */
    public enum Verdict {
        /** It brings something the saga has not recorded yet. */
        NEW,
        /** It is about another reservation or payment than the one the saga knows. */
        UNKNOWN,
        /** The saga already recorded it. */
        DUPLICATE,
        /** It claims a second reservation or payment for the same order: a participant bug. */
        CONFLICT
    }

    /**
     * One thing the saga tracks at a participant: its id and its status on the saga instance, {@code none} until the
     * participant first answers.
     */
    public record Holding<S extends Enum<S>>(String name, Function<SagaInstance, UUID> id, Function<SagaInstance, S> status,
                                             S none) {

        /** The reply names this holding for the first time, with its id. */
        public <R> Fact<R> learned(Function<R, UUID> replyId, BiConsumer<SagaInstance, UUID> record) {
            return new Fact<>(this, replyId, true, saga -> status.apply(saga) == none,
                    (saga, reply) -> record.accept(saga, replyId.apply(reply)));
        }

        /** The reply moves the known holding on from one of the statuses {@code from}. */
        public <R> Fact<R> moved(Function<R, UUID> replyId, Set<S> from, Consumer<SagaInstance> record) {
            return new Fact<>(this, replyId, false, saga -> from.contains(status.apply(saga)), (saga, reply) -> record.accept(saga));
        }
    }

    public Verdict judge(SagaInstance saga, R reply) {
        boolean sameId = Objects.equals(replyId.apply(reply), holding.id().apply(saga));
        if (learnsId) {
            return sameId ? Verdict.DUPLICATE : recordable.test(saga) ? Verdict.NEW : Verdict.CONFLICT;
        }
        return !sameId ? Verdict.UNKNOWN : recordable.test(saga) ? Verdict.NEW : Verdict.DUPLICATE;
    }

    public void recordOn(SagaInstance saga, R reply) {
        record.accept(saga, reply);
    }

    /** The id the reply names, for logs. */
    public UUID idOf(R reply) {
        return replyId.apply(reply);
    }

    /** Why a reply that is not {@link Verdict#NEW} is ignored, for the log line. */
    public String why(Verdict verdict, SagaInstance saga, R reply) {
        String name = holding.name();
        return switch (verdict) {
            case UNKNOWN -> "unknown " + name + " " + replyId.apply(reply) + " (the saga knows " + holding.id().apply(saga) + ")";
            case DUPLICATE -> learnsId ? "duplicate: " + name + " " + replyId.apply(reply) + " already recorded"
                    : "duplicate: " + name + " is " + holding.status().apply(saga);
            case CONFLICT -> "participant bug: " + name + " " + holding.id().apply(saga) + " is already recorded";
            case NEW -> "new";
        };
    }
}
