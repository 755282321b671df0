package io.firedrill.order.saga;

import io.firedrill.messaging.TraceContext;

import io.firedrill.order.OrderProperties;
import io.firedrill.order.admin.OrderSettings;
import io.firedrill.order.domain.saga.SagaInstance;
import io.firedrill.order.persistence.SagaRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Times out overdue saga steps. Every {@code sweeperInterval} (a runtime setting) it locks a small batch of
 * in-flight sagas whose step deadline passed ({@code FOR UPDATE SKIP LOCKED}: sagas another transaction holds are
 * skipped, so several instances and the reply handlers never wait on each other) and hands each to
 * {@link SagaDeadlines#onDeadline}, in one transaction per batch. A full batch is followed by the next at once.
 */
@Component
public class SagaSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SagaSweeper.class);

    private final SagaRepository sagas;
    private final SagaDeadlines deadlines;
    private final TransactionTemplate transactions;
    private final OrderSettings settings;
    private final Clock clock;
    private final int batchSize;
    private volatile ScheduledExecutorService executor;

    public SagaSweeper(SagaRepository sagas, SagaDeadlines deadlines, TransactionTemplate transactions,
                       OrderSettings settings, Clock clock, OrderProperties properties) {
        this.sagas = sagas;
        this.deadlines = deadlines;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.batchSize = properties.sweeperBatchSize();
    }

    /** Handles one batch of overdue sagas now; returns how many were handled. */
    public int sweep() {
        Instant now = clock.instant();
        try {
            Integer handled = transactions.execute(status -> {
                List<SagaInstance> overdue = sagas.lockOverdue(now, batchSize);
                overdue.forEach(this::timeOut);
                return overdue.size();
            });
            return handled == null ? 0 : handled;
        } catch (RuntimeException e) {
            log.warn("sweeping a batch failed ({}), retrying its sagas one by one", e.toString());
            return sweepOneByOne(now);
        }
    }

    /** After a failed batch: each saga in its own transaction, so one bad saga cannot hold up the others. */
    private int sweepOneByOne(Instant now) {
        int handled = 0;
        for (UUID sagaId : sagas.overdueIds(now, batchSize)) {
            try {
                Boolean done = transactions.execute(status -> sagas.lockOverdue(sagaId, now).map(saga -> {
                    timeOut(saga);
                    return true;
                }).orElse(false));
                handled += Boolean.TRUE.equals(done) ? 1 : 0;
            } catch (RuntimeException e) {
                Duration backoff = settings.current().compensationDeadline();
                log.error("saga {}: handling its deadline failed, next try in {}", sagaId, backoff, e);
                try {
                    transactions.executeWithoutResult(status -> sagas.postpone(sagaId, now.plus(backoff),
                            "sweeper failed: " + e));
                } catch (RuntimeException again) {
                    log.error("saga {}: could not postpone it either: {}", sagaId, again.toString());
                }
            }
        }
        return handled;
    }

    private void timeOut(SagaInstance saga) {
        try (MDC.MDCCloseable o = MDC.putCloseable("order_id", saga.orderId().toString())) {
            // Resent commands and compensations belong to the checkout's trace, not to a new one.
            TraceContext.<RuntimeException>withInbound(sagas.traceparent(saga.id()), () -> deadlines.onDeadline(saga));
        }
    }

    private void loop() {
        int handled = 0;
        try {
            handled = sweep();
        } catch (RuntimeException e) {
            log.warn("sweep failed, next one in {}: {}", settings.current().sweeperInterval(), e.toString());
        } finally {
            ScheduledExecutorService current = executor;
            if (current != null && !current.isShutdown()) {
                long delay = handled >= batchSize ? 0 : settings.current().sweeperInterval().toMillis();
                current.schedule(this::loop, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "saga-sweeper");
            t.setDaemon(true);
            return t;
        });
        executor = started;
        started.schedule(this::loop, settings.current().sweeperInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = executor;
        executor = null;
        if (current != null) {
            current.shutdown();
            try {
                current.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
