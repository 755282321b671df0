package io.firedrill.order.saga;

import io.firedrill.messaging.OutboxWriter;
import io.firedrill.order.admin.OrderSettings;
import io.firedrill.order.domain.Order;
import io.firedrill.order.domain.saga.SagaInstance;
import io.firedrill.order.domain.saga.SagaState;
import io.firedrill.order.domain.saga.SagaStep;
import io.firedrill.order.persistence.OrderRepository;
import io.firedrill.order.persistence.SagaRepository;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The moves the saga makes on one locked {@link Checkout}, whatever set them off (a reply, a deadline, a cancel):
 * send a step's command, advance, complete, compensate, end, and write the result. Each move follows
 * {@link CheckoutSaga}'s table; none names a reply. Callers hold the saga row's lock and the transaction, so the
 * state change and the commands it sends through the outbox commit together.
 */
@Component
public class SagaMoves {

    private static final Logger log = LoggerFactory.getLogger(SagaMoves.class);

    private final OrderRepository orders;
    private final SagaRepository sagas;
    private final OutboxWriter outbox;
    private final OrderSettings settings;
    private final SagaMetrics metrics;
    private final AdmissionGate admission;
    private final ResendBudget resends;
    private final Clock clock;

    public SagaMoves(OrderRepository orders, SagaRepository sagas, OutboxWriter outbox, OrderSettings settings,
                     SagaMetrics metrics, AdmissionGate admission, ResendBudget resends, Clock clock) {
        this.orders = orders;
        this.sagas = sagas;
        this.outbox = outbox;
        this.settings = settings;
        this.metrics = metrics;
        this.admission = admission;
        this.resends = resends;
        this.clock = clock;
    }

    /** A checkout to decide on now, with the current settings. */
    Checkout checkout(Order order, SagaInstance saga) {
        return new Checkout(order, saga, settings.current(), clock.instant());
    }

    /** Writes what the decision changed; the admission gate hears of a saga that stopped or resumed being in flight. */
    void persist(Checkout c) {
        sagas.update(c.saga());
        if (c.orderChanged()) {
            orders.update(c.order());
        }
        boolean inFlight = c.saga().state().inFlight();
        if (inFlight != c.inFlightBefore()) {
            AfterCommit.run(inFlight ? admission::sagaResumed : admission::sagaEnded);
        }
    }

    /** Logs a reply that does not fit the saga's state; nothing is written. */
    boolean ignored(Checkout c, String reply, String why) {
        log.info("{} ignored for order {}: saga {}{} ({})", reply, c.orderId(), c.saga().state(), at(c.saga()), why);
        return false;
    }

    /** The current forward step succeeded: send {@code next}'s command and wait for it. */
    void advance(Checkout c, SagaStep next) {
        send(c, next);
        c.saga().advance(next, c.now().plus(SagaTable.deadline(next, c.settings())), c.now());
    }

    /** The last forward step succeeded: the order is complete (the table's last step already marked it). */
    void complete(Checkout c, Object reply) {
        c.saga().complete(SagaTable.lastStep(), c.now());
        outbox.append(CheckoutSaga.completed(c.order()), c.order().tenantRegion());
        metrics.checkoutEnded(c.order(), "completed");
        log.info("order {} completed: {}", c.orderId(), reply);
    }

    /** The first send of {@code step}'s command: it earns the resend budget its share. */
    void send(Checkout c, SagaStep step) {
        resend(c, step);
        resends.firstSent();
    }

    void resend(Checkout c, SagaStep step) {
        outbox.append(SagaTable.command(step, c.data()), c.order().tenantRegion());
    }

    /** The forward path stopped for {@code reason}: undo what is held, then cancel. */
    void beginCompensation(Checkout c, String reason) {
        c.order().compensating(reason, c.now());
        continueCompensation(c);
    }

    /** A compensation was acknowledged (or made moot): go on, unless the saga is busy with another compensation. */
    void acknowledged(Checkout c, SagaStep compensation) {
        boolean waitingForThis = c.saga().isAt(SagaState.COMPENSATING, compensation);
        if (waitingForThis || c.saga().state() == SagaState.COMPENSATION_FAILED) {
            continueCompensation(c);
        } else {
            log.info("order {}: {} acknowledged outside its compensation (saga {}{}), recorded", c.orderId(), compensation,
                    c.saga().state(), at(c.saga()));
        }
    }

    /** A reply came after the saga moved on, and what it holds must be undone. */
    void compensateLate(Checkout c, String what) {
        switch (c.saga().state()) {
            case COMPENSATING -> log.warn("order {}: late {} during compensation, undone after {}", c.orderId(), what,
                    c.saga().step());
            case CANCELLED, COMPENSATION_FAILED -> {
                log.warn("order {}: late {} after the saga ended {}, compensating it", c.orderId(), what, c.saga().state());
                continueCompensation(c);
            }
            default -> log.error("order {}: late {} while {} at {}: not expected, recorded", c.orderId(), what,
                    c.saga().state(), c.saga().step());
        }
    }

    /** Sends the next compensation the table asks for; when nothing is held any more, the saga ends CANCELLED. */
    void continueCompensation(Checkout c) {
        Optional<SagaStep> next = SagaTable.nextCompensation(c.saga());
        if (next.isPresent()) {
            send(c, next.get());
            c.saga().compensate(next.get(), c.now().plus(SagaTable.deadline(next.get(), c.settings())), c.now());
            return;
        }
        if (c.saga().state() == SagaState.CANCELLED) {
            return;
        }
        boolean wasFailed = c.saga().state() == SagaState.COMPENSATION_FAILED;
        c.saga().cancel(c.now());
        Order order = c.order();
        switch (order.status()) {
            case PENDING, RESERVED, PAID -> {
                order.cancel(order.reason(), c.now());
                outbox.append(CheckoutSaga.cancelled(order), order.tenantRegion());
                metrics.checkoutEnded(order, "cancelled");
                log.info("order {} cancelled: {}", c.orderId(), order.reason());
            }
            case COMPENSATION_FAILED -> {
                // Late acknowledgements undid everything after all: the failure is resolved.
                order.resolveCompensationFailure(c.now());
                outbox.append(CheckoutSaga.cancelled(order), order.tenantRegion());
                log.warn("order {}: every compensation is acknowledged at last, COMPENSATION_FAILED resolved to CANCELLED",
                        c.orderId());
            }
            case CANCELLED -> log.info("order {}: late compensation done{}", c.orderId(), wasFailed ? " after a failure" : "");
            case COMPLETED -> log.error("order {} is COMPLETED but its saga compensated", c.orderId());
        }
    }

    private static String at(SagaInstance saga) {
        return saga.step() == null ? "" : " at " + saga.step();
    }
}
