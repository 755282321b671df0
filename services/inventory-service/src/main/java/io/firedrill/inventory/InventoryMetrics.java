package io.firedrill.inventory;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.InventoryRejected;
import io.firedrill.inventory.domain.Reservation;
import io.firedrill.inventory.persistence.ReservationRepository;
import io.firedrill.inventory.persistence.StockRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The service's {@code firedrill_*} meters. Counters move only when the transaction that did the work commits (a
 * retried or rolled-back attempt counts nothing). The DB-computed gauges are refreshed on their own schedule, not
 * per scrape, so a scrape never queries the database and a slow database never slows a scrape.
 */
@Component
public class InventoryMetrics implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InventoryMetrics.class);

    public static final String RESERVED = "reserved";

    private final MeterRegistry meters;
    private final StockRepository stock;
    private final ReservationRepository reservations;
    private final InventoryProperties properties;
    private final AtomicLong oversoldUnits = new AtomicLong();
    private final AtomicLong activeReservations = new AtomicLong();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inventory-gauges");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean lastRefreshFailed;

    InventoryMetrics(MeterRegistry meters, StockRepository stock, ReservationRepository reservations,
                     InventoryProperties properties) {
        this.meters = meters;
        this.stock = stock;
        this.reservations = reservations;
        this.properties = properties;
        Gauge.builder("firedrill_inventory_oversold_units", oversoldUnits, AtomicLong::get)
                .description("Units committed beyond on-hand stock, SUM(GREATEST(committed - on_hand, 0)); > 0 is an incident")
                .register(meters);
        Gauge.builder("firedrill_reservations_active", activeReservations, AtomicLong::get)
                .description("Reservations currently ACTIVE (holding stock)")
                .register(meters);
        // Every series exists from the start (at 0), so rates and absent() guards work before the first event.
        reserveCounter(RESERVED);
        for (InventoryRejected.Reason reason : InventoryRejected.Reason.values()) {
            reserveCounter(outcome(reason));
        }
        for (TenantRegion region : TenantRegion.values()) {
            expiredCounter(region);
        }
        for (Reservation.CommitDecision decision : Reservation.CommitDecision.values()) {
            commitCounter(decision);
        }
    }

    @Override
    public void afterPropertiesSet() {
        long period = properties.gaugeRefreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshSafely, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }

    /** A fresh ReserveInventory ended with {@code outcome} ({@link #RESERVED} or a rejection reason). */
    public void reserveOutcome(String outcome) {
        afterCommit(() -> reserveCounter(outcome).increment());
    }

    public static String outcome(InventoryRejected.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    /** A reservation expired (reaper, or a late commit under the guard). */
    public void expired(TenantRegion region) {
        afterCommit(() -> expiredCounter(region).increment());
    }

    /** How a CommitReservation was decided; {@code commit_despite_expiry} counts the legacy bug at work. */
    public void commitDecided(Reservation.CommitDecision decision) {
        afterCommit(() -> commitCounter(decision).increment());
    }

    /** Recomputes the DB gauges now (also used by tests that need a fresh value). */
    public void refresh() {
        oversoldUnits.set(stock.oversoldUnits());
        activeReservations.set(reservations.countActive());
    }

    private void refreshSafely() {
        try {
            refresh();
            if (lastRefreshFailed) {
                log.info("inventory gauges refreshed again");
            }
            lastRefreshFailed = false;
        } catch (RuntimeException e) {
            // Keep the last values; log once per outage, not once per second.
            if (!lastRefreshFailed) {
                log.warn("could not refresh inventory gauges, keeping the last values: {}", e.toString());
            }
            lastRefreshFailed = true;
        }
    }

    private Counter reserveCounter(String outcome) {
        return Counter.builder("firedrill_inventory_reserve_total").description("ReserveInventory outcomes (first delivery only)")
                .tag("outcome", outcome).register(meters);
    }

    private Counter expiredCounter(TenantRegion region) {
        return Counter.builder("firedrill_reservation_expired_total").description("Reservations expired with their units returned")
                .tag("tenant_region", region.id()).register(meters);
    }

    private Counter commitCounter(Reservation.CommitDecision decision) {
        return Counter.builder("firedrill_reservation_commit_total").description("CommitReservation decisions of the confirm guard")
                .tag("outcome", decision.name().toLowerCase(Locale.ROOT)).register(meters);
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
