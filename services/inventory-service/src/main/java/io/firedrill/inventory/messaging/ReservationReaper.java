package io.firedrill.inventory.messaging;

import io.firedrill.contracts.events.ReservationExpired;
import io.firedrill.inventory.InventoryMetrics;
import io.firedrill.inventory.InventoryProperties;
import io.firedrill.inventory.admin.InventorySettings;
import io.firedrill.inventory.domain.Reservation;
import io.firedrill.inventory.domain.ReservationLine;
import io.firedrill.inventory.domain.StockEffect;
import io.firedrill.inventory.persistence.ReservationRepository;
import io.firedrill.inventory.persistence.StockRepository;
import io.firedrill.messaging.OutboxWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires ACTIVE reservations past their TTL: returns their units (reserved -= q) and announces ReservationExpired
 * through the outbox, in one transaction per small batch. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so a
 * commit in progress is never waited for (it decides itself) and several instances can reap side by side. The pause
 * between runs is the runtime setting {@code reaperInterval}, read before each run.
 */
@Component
public class ReservationReaper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReservationReaper.class);

    private final ReservationRepository reservations;
    private final StockRepository stock;
    private final OutboxWriter outbox;
    private final InventoryMetrics metrics;
    private final StockAvailability availability;
    private final InventorySettings settings;
    private final InventoryProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> next;
    private Duration scheduledInterval;
    private long generation;
    private volatile boolean running;

    ReservationReaper(ReservationRepository reservations, StockRepository stock, OutboxWriter outbox, InventoryMetrics metrics,
                      StockAvailability availability, InventorySettings settings, InventoryProperties properties, Clock clock,
                      PlatformTransactionManager transactionManager) {
        this.reservations = reservations;
        this.stock = stock;
        this.outbox = outbox;
        this.metrics = metrics;
        this.availability = availability;
        this.settings = settings;
        this.properties = properties;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        // No gap locks on the (status, expires_at) range: inserts of new reservations never wait for the reaper.
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.transactions.setTimeout(10);
        settings.onChange(changed -> intervalChanged(changed.reaperInterval()));
    }

    /** Expires every overdue reservation now, batch by batch (bounded); returns how many. */
    public int reap() {
        int total = 0;
        for (int batch = 0; batch < properties.reaperMaxBatches(); batch++) {
            Integer expired = transactions.execute(status -> reapBatch());
            total += expired == null ? 0 : expired;
            if (expired == null || expired < properties.reaperBatchSize()) {
                break;
            }
        }
        return total;
    }

    private int reapBatch() {
        Instant now = Instant.now(clock);
        List<Reservation> overdue = reservations.lockOverdue(now, properties.reaperBatchSize());
        if (overdue.isEmpty()) {
            return 0;
        }
        // Units summed per SKU and moved in SKU order: one update per SKU, same lock order as every other writer.
        SortedMap<String, Long> units = new TreeMap<>();
        for (Reservation reservation : overdue) {
            for (ReservationLine line : reservation.lines()) {
                units.merge(line.sku(), (long) line.quantity(), Long::sum);
            }
        }
        stock.apply(StockEffect.RETURN_RESERVED, units);
        // Back in stock at once: order-service stops refusing these SKUs, and buyers re-reserve the returned units (the
        // oversell scenario's race depends on that).
        availability.moved(StockEffect.RETURN_RESERVED, units, overdue.get(0).tenantRegion());
        for (Reservation reservation : overdue) {
            Reservation expired = reservation.expire(now);
            reservations.update(reservation, expired);
            outbox.append(new ReservationExpired(reservation.orderId(), reservation.id(), expired.updatedAt()),
                    reservation.tenantRegion());
            metrics.expired(reservation.tenantRegion());
            try (MDC.MDCCloseable o = MDC.putCloseable("order_id", reservation.orderId().toString());
                 MDC.MDCCloseable t = MDC.putCloseable("tenant_region", reservation.tenantRegion().id())) {
                log.info("expired reservation {} of order {} (TTL {}), returned {}", reservation.id(), reservation.orderId(),
                        reservation.expiresAt(), reservation.lines());
            }
        }
        return overdue.size();
    }

    private void run(long generation) {
        try {
            if (running) {
                reap();
            }
        } catch (RuntimeException e) {
            log.warn("reaper run failed, retrying after {}: {}", settings.reaperInterval(), e.toString());
        } finally {
            synchronized (this) {
                // A newer schedule (the interval changed during this run) replaces this chain.
                if (generation == this.generation) {
                    scheduleNext(settings.reaperInterval());
                }
            }
        }
    }

    private synchronized void scheduleNext(Duration interval) {
        if (running) {
            long scheduled = ++generation;
            scheduledInterval = interval;
            next = scheduler.schedule(() -> run(scheduled), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A new interval applies at once: the pending run is moved, not left waiting out the old pause. */
    private synchronized void intervalChanged(Duration interval) {
        if (running && !interval.equals(scheduledInterval)) {
            if (next != null) {
                next.cancel(false);
            }
            scheduleNext(interval);
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reservation-reaper");
            t.setDaemon(true);
            return t;
        });
        running = true;
        scheduleNext(settings.reaperInterval());
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            running = false;
            stopping = scheduler;
        }
        if (stopping != null) {
            // Lets a run in progress finish its transaction; outside the lock, which that run needs to end.
            stopping.shutdown();
            try {
                stopping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopping.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
