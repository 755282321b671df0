package io.firedrill.order.saga;

import io.firedrill.order.domain.OrderStatus;
import io.firedrill.order.domain.saga.SagaInstance;
import io.firedrill.order.domain.saga.SagaStep;
import io.firedrill.order.persistence.OrderRepository;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happens when a step is not answered by its deadline, for {@link SagaSweeper} (which holds the saga row's lock):
 * resend its command with a growing, jittered wait while the resend budget allows; postpone it without using an
 * attempt when the budget is spent; after the last attempt, compensate a forward step (with the table's timeout
 * reason) or end a compensation in COMPENSATION_FAILED for an operator. A compensation out of attempts is still resent
 * (at the capped wait) while its checkout is younger than {@code compensationRetryFor}: a compensation must succeed in
 * the end, and a participant that fails for a while (a payment provider whose refunds fail) heals without an operator.
 * The window counts from the checkout's start, since the saga does not record when it began compensating; a checkout
 * compensates seconds after it starts, or when a late reply comes.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class SagaDeadlines {

    private static final Logger log = LoggerFactory.getLogger(SagaDeadlines.class);

    private final OrderRepository orders;
    private final SagaMoves moves;
    private final SagaMetrics metrics;
    private final ResendBudget resends;

    public SagaDeadlines(OrderRepository orders, SagaMoves moves, SagaMetrics metrics, ResendBudget resends) {
        this.orders = orders;
        this.moves = moves;
        this.metrics = metrics;
        this.resends = resends;
    }

    /** The current step of {@code saga} is overdue: resend its command, or give up on it. */
    public void onDeadline(SagaInstance saga) {
        Checkout c = moves.checkout(orders.get(saga.orderId()), saga);
        // The sweeper's log lines carry the order's region like those of the request and of the handlers.
        try (MDC.MDCCloseable region = MDC.putCloseable("tenant_region", c.order().tenantRegion().id())) {
            overdue(c, saga);
        }
    }

    private void overdue(Checkout c, SagaInstance saga) {
        SagaStep step = saga.step();
        int max = SagaTable.maxAttempts(step, c.settings());
        String command = SagaTable.commandName(step);
        boolean retryAgain = saga.attempts() < max || retryingPastAttempts(c, saga, step);
        if (retryAgain && !resends.tryResend()) {
            // The resend budget is spent: resending now would add load to what is already slow. Look again later,
            // jittered so the deferred steps do not come back together; the attempt is not used up.
            Duration later = resends.jittered(SagaTable.deadline(step, c.settings()));
            log.info("order {}: {} not answered by {}, resend budget spent: deferred by {} (attempt {}/{} kept)",
                    c.orderId(), command, saga.stepDeadline(), later, saga.attempts(), max);
            saga.postpone(c.now().plus(later), c.now());
            metrics.resend(SagaMetrics.RESEND_DEFERRED);
            moves.persist(c);
            return;
        }
        metrics.stepTimedOut(step);
        if (retryAgain) {
            // Each resend waits twice as long as the one before (capped at 8x), with jitter: when replies are slow
            // because the system is overloaded, fixed deadlines would resend more and more commands in lockstep and
            // feed the overload.
            Duration wait = resends.jittered(
                    SagaTable.deadline(step, c.settings()).multipliedBy(1L << Math.min(saga.attempts(), 3)));
            log.warn("order {}: {} not answered by {}, sending it again (attempt {}/{}{}, next deadline in {})", c.orderId(),
                    command, saga.stepDeadline(), saga.attempts() + 1, max, saga.attempts() < max ? ""
                            : ", retried until " + saga.createdAt().plus(c.settings().compensationRetryFor()), wait);
            moves.resend(c, step);
            saga.retry(c.now().plus(wait), c.now());
            metrics.resend(SagaMetrics.RESEND_SENT);
        } else if (!step.isCompensation()) {
            String error = command + " not answered after " + max + " attempts";
            log.warn("order {}: {}, compensating", c.orderId(), error);
            saga.recordError(error);
            moves.beginCompensation(c, SagaTable.timeoutReason(step));
        } else {
            Duration window = c.settings().compensationRetryFor();
            compensationFailed(c, saga, step, command + " not acknowledged after " + saga.attempts() + " attempts (first deadline "
                    + SagaTable.deadline(step, c.settings()) + ", doubled per resend"
                    + (window.isZero() ? "" : ", resent until the checkout was " + window + " old") + ")");
        }
        moves.persist(c);
    }

    /** A compensation out of attempts whose checkout is still within compensationRetryFor (0: never). */
    private static boolean retryingPastAttempts(Checkout c, SagaInstance saga, SagaStep step) {
        Duration window = c.settings().compensationRetryFor();
        return step.isCompensation() && !window.isZero() && c.now().isBefore(saga.createdAt().plus(window));
    }

    private void compensationFailed(Checkout c, SagaInstance saga, SagaStep step, String error) {
        log.error("order {}: COMPENSATION_FAILED: {}; reservation {} {}, payment {} {}: an operator must act",
                c.orderId(), error, saga.reservationId(), saga.reservation(), saga.paymentId(), saga.payment());
        saga.compensationFailed(error, c.now());
        metrics.compensationFailed(step);
        if (c.order().status() != OrderStatus.COMPENSATION_FAILED) {
            boolean firstEnd = !c.order().status().isTerminal();
            c.order().compensationFailed(c.now());
            if (firstEnd) {
                metrics.checkoutEnded(c.order(), "compensation_failed");
            }
        }
    }
}
