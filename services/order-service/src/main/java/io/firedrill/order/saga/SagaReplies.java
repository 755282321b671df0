package io.firedrill.order.saga;

import io.firedrill.contracts.events.Event;
import io.firedrill.order.domain.saga.SagaState;
import io.firedrill.order.domain.saga.SagaStep;
import io.firedrill.order.persistence.SagaRepository;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a participant's reply to its checkout by the rules every row of {@link CheckoutSaga} shares. It runs in the
 * consumer's transaction and locks the saga row first. A reply that does not fit the saga's state is never an
 * exception (that would dead-letter valid traffic):
 * <ul>
 *   <li>about another reservation or payment than the saga's, or already recorded: logged and ignored;</li>
 *   <li>in turn (the saga waits for it): recorded; a success advances or completes, a failure compensates;</li>
 *   <li>an acknowledgement: recorded; the compensation goes on if the saga was waiting for it;</li>
 *   <li>late, the row's hook decides if it names one; otherwise a success whose effect is still held (stock reserved or
 *       sold, money authorized after a timeout or a cancel) is recorded and undone, a failure is stale and ignored.</li>
 * </ul>
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class SagaReplies {

    private static final Logger log = LoggerFactory.getLogger(SagaReplies.class);

    private final SagaRepository sagas;
    private final SagaMoves moves;

    public SagaReplies(SagaRepository sagas, SagaMoves moves) {
        this.sagas = sagas;
        this.moves = moves;
    }

    /** Handles {@code reply}, a message of the table's row {@code row}. */
    public <R extends Event> void handle(Reply<R> row, R reply) {
        Optional<SagaRepository.Checkout> locked = sagas.lockCheckout(reply.orderId());
        if (locked.isEmpty()) {
            log.warn("{} for unknown order {}: ignored", row.name(), reply.orderId());
            return;
        }
        Checkout c = moves.checkout(locked.get().order(), locked.get().saga());
        if (apply(row, reply, c)) {
            moves.persist(c);
        }
    }

    /** @return true when the checkout changed and must be written */
    private <R extends Event> boolean apply(Reply<R> row, R reply, Checkout c) {
        Fact<R> fact = row.records();
        Fact.Verdict verdict = fact == null ? Fact.Verdict.NEW : fact.judge(c.saga(), reply);
        if (verdict == Fact.Verdict.UNKNOWN) {
            return moves.ignored(c, row.name(), fact.why(verdict, c.saga(), reply));
        }
        if (row.kind() == Reply.Kind.ACKNOWLEDGEMENT) {
            return acknowledged(row, reply, c, verdict);
        }
        if (c.saga().isAt(SagaState.RUNNING, row.answers())) {
            return inTurn(row, reply, c, verdict);
        }
        return late(row, reply, c, verdict);
    }

    private <R extends Event> boolean acknowledged(Reply<R> row, R reply, Checkout c, Fact.Verdict verdict) {
        if (verdict != Fact.Verdict.NEW) {
            return moves.ignored(c, row.name(), row.records().why(verdict, c.saga(), reply));
        }
        row.records().recordOn(c.saga(), reply);
        moves.acknowledged(c, row.answers());
        return true;
    }

    private <R extends Event> boolean inTurn(Reply<R> row, R reply, Checkout c, Fact.Verdict verdict) {
        if (row.inTurn() != null) {
            row.inTurn().accept(c, reply);
        }
        if (verdict == Fact.Verdict.NEW && row.records() != null) {
            row.records().recordOn(c.saga(), reply);
        }
        if (row.kind() == Reply.Kind.FAILURE) {
            log.info("order {}: {} failed ({}), compensating", c.orderId(), row.answers(), reply);
            moves.beginCompensation(c, row.cancelReason().apply(reply));
            return true;
        }
        SagaTable.step(row.answers()).orderReached().accept(c.order(), c.now());
        Optional<SagaStep> next = SagaTable.next(row.answers());
        if (next.isPresent()) {
            moves.advance(c, next.get());
        } else {
            moves.complete(c, reply);
        }
        return true;
    }

    private <R extends Event> boolean late(Reply<R> row, R reply, Checkout c, Fact.Verdict verdict) {
        Fact<R> fact = row.records();
        if (verdict == Fact.Verdict.CONFLICT) {
            log.error("{} {} for order {}: {}, ignored", row.name(), fact.idOf(reply), c.orderId(),
                    fact.why(verdict, c.saga(), reply));
            return false;
        }
        if (verdict == Fact.Verdict.DUPLICATE) {
            return moves.ignored(c, row.name(), fact.why(verdict, c.saga(), reply));
        }
        if (row.late() == null && row.kind() == Reply.Kind.FAILURE) {
            return moves.ignored(c, row.name(), "stale: not at " + row.answers());
        }
        if (fact != null) {
            fact.recordOn(c.saga(), reply);
        }
        if (row.late() != null) {
            return row.late().apply(c, reply, moves);
        }
        moves.compensateLate(c, row.name() + " " + fact.idOf(reply));
        return true;
    }
}
