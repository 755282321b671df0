package io.firedrill.order.saga;

import io.firedrill.messaging.TraceContext;
import io.firedrill.order.domain.saga.SagaState;
import io.firedrill.order.persistence.SagaRepository;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's repair of a saga that ended COMPENSATION_FAILED (the runbook's action, served by
 * {@code POST /admin/sagas/retry-compensation}): under the saga row's lock, the saga compensates again from what the
 * participants confirmed, as if it had just begun: the next compensation's command goes out with a fresh set of attempts
 * (a refund for money still authorized, a release for stock still held). When the acknowledgements come, the order
 * resolves to CANCELLED; when nothing is held any more (a late acknowledgement already undid it all) the saga and the
 * order end CANCELLED at once.
 */
@Component
public class CompensationRetry {

    private static final Logger log = LoggerFactory.getLogger(CompensationRetry.class);

    /** What one retry did: the compensation sent ({@code REFUND_PAYMENT}, ...), or none when nothing was left to undo. */
    public record Retried(UUID orderId, String compensation, String sagaState) {}

    private final SagaRepository sagas;
    private final SagaMoves moves;
    private final TransactionTemplate transactions;

    public CompensationRetry(SagaRepository sagas, SagaMoves moves, TransactionTemplate transactions) {
        this.sagas = sagas;
        this.moves = moves;
        this.transactions = transactions;
    }

    /** The saga state of an order, read without a lock (empty when the order has no saga). */
    public Optional<SagaState> state(UUID orderId) {
        return sagas.findByOrderId(orderId).map(s -> s.state());
    }

    /** Retries the compensation of {@code orderId} in its own transaction; empty when its saga is not (any more) COMPENSATION_FAILED. */
    public Optional<Retried> retry(UUID orderId) {
        return transactions.execute(status -> sagas.lockCheckout(orderId)
                .filter(locked -> locked.saga().state() == SagaState.COMPENSATION_FAILED)
                .map(locked -> {
                    Checkout c = moves.checkout(locked.order(), locked.saga());
                    try (MDC.MDCCloseable o = MDC.putCloseable("order_id", orderId.toString());
                         MDC.MDCCloseable region = MDC.putCloseable("tenant_region", c.order().tenantRegion().id())) {
                        // The resent compensation belongs to the checkout's trace, as the sweeper's resends do.
                        TraceContext.<RuntimeException>withInbound(sagas.traceparent(c.saga().id()),
                                () -> moves.continueCompensation(c));
                        moves.persist(c);
                        String sent = c.saga().step() == null ? null : c.saga().step().name();
                        log.warn("order {}: compensation retried by an operator: {}", orderId,
                                sent == null ? "nothing left to undo, cancelled" : sent + " sent");
                        return new Retried(orderId, sent, c.saga().state().name());
                    }
                }));
    }
}
