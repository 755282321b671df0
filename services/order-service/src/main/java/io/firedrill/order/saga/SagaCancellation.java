package io.firedrill.order.saga;

import static io.firedrill.order.domain.saga.SagaStep.AUTHORIZE_PAYMENT;
import static io.firedrill.order.domain.saga.SagaStep.RESERVE_INVENTORY;

import io.firedrill.order.domain.saga.SagaInstance;
import io.firedrill.order.domain.saga.SagaState;
import io.firedrill.order.persistence.OrderRepository;
import io.firedrill.order.persistence.SagaRepository;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's cancel request, in the caller's transaction with the saga row locked. Accepted until the payment is
 * authorized: before that, undoing means releasing the reservation (if any). A payment authorized concurrently
 * arrives as a late reply and is refunded.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class SagaCancellation {

    private static final Logger log = LoggerFactory.getLogger(SagaCancellation.class);

    private final OrderRepository orders;
    private final SagaRepository sagas;
    private final SagaMoves moves;

    public SagaCancellation(OrderRepository orders, SagaRepository sagas, SagaMoves moves) {
        this.orders = orders;
        this.sagas = sagas;
        this.moves = moves;
    }

    public CancelOutcome cancel(UUID orderId) {
        Optional<SagaInstance> locked = sagas.lockByOrderId(orderId);
        if (locked.isEmpty()) {
            return new CancelOutcome.NotFound();
        }
        Checkout c = moves.checkout(orders.get(orderId), locked.get());
        SagaInstance saga = c.saga();
        if (saga.isAt(SagaState.RUNNING, RESERVE_INVENTORY) || saga.isAt(SagaState.RUNNING, AUTHORIZE_PAYMENT)) {
            log.info("order {} cancelled by the customer at {}", orderId, saga.step());
            moves.beginCompensation(c, CheckoutSaga.CUSTOMER_CANCELLED);
            moves.persist(c);
            return new CancelOutcome.Accepted(c.order().status());
        }
        boolean alreadyCancelledByCustomer = CheckoutSaga.CUSTOMER_CANCELLED.equals(c.order().reason())
                && (saga.state() == SagaState.COMPENSATING || saga.state() == SagaState.CANCELLED);
        if (alreadyCancelledByCustomer) {
            return new CancelOutcome.Accepted(c.order().status());
        }
        return new CancelOutcome.Refused(c.order().status(), saga.state(), saga.step());
    }
}
