package io.firedrill.order.saga;

import io.firedrill.messaging.OutboxWriter;
import io.firedrill.order.admin.OrderSettings;
import io.firedrill.order.domain.Order;
import io.firedrill.order.domain.saga.SagaInstance;
import io.firedrill.order.domain.saga.SagaStep;
import io.firedrill.order.persistence.SagaRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts the saga of a just-inserted order in the caller's transaction: the saga row, the event that announces the
 * order, then the first step's command. The admission gate counts the saga once that transaction commits
 * (CheckoutService's permit).
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class SagaStarter {

    private final SagaRepository sagas;
    private final OutboxWriter outbox;
    private final SagaMoves moves;
    private final OrderSettings settings;
    private final Clock clock;

    public SagaStarter(SagaRepository sagas, OutboxWriter outbox, SagaMoves moves, OrderSettings settings, Clock clock) {
        this.sagas = sagas;
        this.outbox = outbox;
        this.moves = moves;
        this.settings = settings;
        this.clock = clock;
    }

    public SagaInstance start(Order order) {
        OrderSettings.Snapshot s = settings.current();
        Instant now = clock.instant();
        SagaStep first = SagaTable.firstStep();
        SagaInstance saga = SagaInstance.start(UUID.randomUUID(), order.id(), first, now.plus(SagaTable.deadline(first, s)), now);
        sagas.insert(saga);
        outbox.append(CheckoutSaga.placed(order), order.tenantRegion());
        moves.send(new Checkout(order, saga, s, now), first);
        return saga;
    }
}
