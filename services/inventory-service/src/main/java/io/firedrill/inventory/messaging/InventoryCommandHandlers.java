package io.firedrill.inventory.messaging;

import io.firedrill.contracts.commands.CommitReservation;
import io.firedrill.contracts.commands.ReleaseReservation;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.contracts.events.InventoryRejected;
import io.firedrill.contracts.events.InventoryReserved;
import io.firedrill.contracts.events.ReservationCommitted;
import io.firedrill.contracts.events.ReservationExpired;
import io.firedrill.contracts.events.ReservationReleased;
import io.firedrill.inventory.InventoryMetrics;
import io.firedrill.inventory.admin.InventorySettings;
import io.firedrill.inventory.domain.Reservation;
import io.firedrill.inventory.domain.ReservationLine;
import io.firedrill.inventory.domain.ReservationStatus;
import io.firedrill.inventory.domain.StockEffect;
import io.firedrill.inventory.persistence.ReservationRepository;
import io.firedrill.inventory.persistence.StockRepository;
import io.firedrill.messaging.Inbound;
import io.firedrill.messaging.OutboxWriter;
import io.firedrill.messaging.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The inventory participant of the checkout saga. Each handler runs inside the dispatcher's transaction (with the
 * processed-message insert), changes stock and reservation rows and appends its answer to the outbox, so the three
 * commit together or not at all. Every command is idempotent by order/reservation as well as by event id: a command
 * delivered again under a new event id re-announces the first outcome and moves no stock.
 */
@Component
public class InventoryCommandHandlers {

    private static final Logger log = LoggerFactory.getLogger(InventoryCommandHandlers.class);

    private final ReservationRepository reservations;
    private final StockRepository stock;
    private final OutboxWriter outbox;
    private final InventorySettings settings;
    private final InventoryMetrics metrics;
    private final StockAvailability availability;
    private final Clock clock;

    InventoryCommandHandlers(ReservationRepository reservations, StockRepository stock, OutboxWriter outbox,
                             InventorySettings settings, InventoryMetrics metrics, StockAvailability availability,
                             Clock clock) {
        this.reservations = reservations;
        this.stock = stock;
        this.outbox = outbox;
        this.settings = settings;
        this.metrics = metrics;
        this.availability = availability;
        this.clock = clock;
    }

    /** All-or-nothing reservation of every line, or a rejection that changes no stock. */
    public void reserve(ReserveInventory command, Inbound inbound) {
        var existing = reservations.findByOrderId(command.orderId());
        if (existing.isPresent()) {
            log.info("order {} already has reservation {} ({}), re-announcing", command.orderId(), existing.get().id(),
                    existing.get().status());
            announceReserveOutcome(existing.get(), inbound);
            return;
        }
        Instant now = Instant.now(clock);
        Reservation reservation = Reservation.open(command.orderId(), inbound.tenantRegion(),
                ReservationLine.normalize(command.items()), now, Duration.ofSeconds(command.ttlSeconds()));
        try {
            // Row first: the unique order id serializes two deliveries of this order racing each other (possible only
            // around a consumer rebalance) before any stock moves; the loser retries and re-announces.
            reservations.insert(reservation);
        } catch (DuplicateKeyException e) {
            throw new TransientFailure("order " + command.orderId() + " is being reserved concurrently", e);
        }

        Set<String> known = stock.existing(reservation.lines().stream().map(ReservationLine::sku).toList());
        if (known.size() < reservation.lines().size()) {
            List<String> unknown = reservation.lines().stream().map(ReservationLine::sku).filter(s -> !known.contains(s)).toList();
            log.info("rejecting order {}: unknown SKUs {}", command.orderId(), unknown);
            reject(reservation, InventoryRejected.Reason.UNKNOWN_SKU, now, inbound);
            return;
        }
        List<ReservationLine> held = new ArrayList<>();
        for (ReservationLine line : reservation.lines()) { // SKU order: the shared lock order
            if (!stock.tryReserve(line.sku(), line.quantity())) {
                // We hold the row locks of the lines already reserved, so giving them back is exact.
                stock.apply(StockEffect.RETURN_RESERVED, held);
                log.info("rejecting order {}: fewer than {} units of {} available", command.orderId(), line.quantity(), line.sku());
                reject(reservation, InventoryRejected.Reason.OUT_OF_STOCK, now, inbound);
                return;
            }
            held.add(line);
        }
        availability.reserved(held, inbound.tenantRegion());
        outbox.append(new InventoryReserved(command.orderId(), reservation.id(), reservation.expiresAt()), inbound.tenantRegion());
        metrics.reserveOutcome(InventoryMetrics.RESERVED);
        log.info("reserved {} for order {} until {}", reservation.lines(), command.orderId(), reservation.expiresAt());
    }

    private void reject(Reservation reservation, InventoryRejected.Reason reason, Instant now, Inbound inbound) {
        reservations.update(reservation, reservation.reject(reason, now));
        outbox.append(new InventoryRejected(reservation.orderId(), reason), inbound.tenantRegion());
        metrics.reserveOutcome(InventoryMetrics.outcome(reason));
    }

    private void announceReserveOutcome(Reservation existing, Inbound inbound) {
        if (existing.status() == ReservationStatus.REJECTED) {
            outbox.append(new InventoryRejected(existing.orderId(), existing.rejectReason()), inbound.tenantRegion());
        } else {
            // The answer to ReserveInventory was InventoryReserved, whatever happened to the reservation since; the
            // saga learns of a later expiry from ReservationExpired (already announced by the reaper).
            outbox.append(new InventoryReserved(existing.orderId(), existing.id(), existing.expiresAt()), inbound.tenantRegion());
        }
    }

    /** The confirm guard: see {@link Reservation#decideCommit}. */
    public void commit(CommitReservation command, Inbound inbound) {
        Reservation before = lock(command.reservationId(), command.orderId());
        Instant now = Instant.now(clock);
        boolean guard = settings.confirmGuard();
        Reservation.CommitDecision decision = before.decideCommit(guard, now);
        Reservation after = before.apply(decision, now);
        stock.apply(decision.effect(), before.lines());
        availability.moved(decision.effect(), before.lines(), inbound.tenantRegion());
        reservations.update(before, after);
        metrics.commitDecided(decision);
        switch (decision) {
            case COMMIT, ALREADY_COMMITTED -> outbox.append(new ReservationCommitted(before.orderId(), before.id()), inbound.tenantRegion());
            case COMMIT_DESPITE_EXPIRY -> {
                log.warn("confirm guard OFF: committed reservation {} of order {} although it was {} since {}; its units may "
                        + "have been sold again (oversell)", before.id(), before.orderId(), before.status(), before.updatedAt());
                outbox.append(new ReservationCommitted(before.orderId(), before.id()), inbound.tenantRegion());
            }
            case EXPIRE_NOW -> {
                metrics.expired(before.tenantRegion());
                log.info("commit of reservation {} came after its TTL ({}): expired it, units returned", before.id(), before.expiresAt());
                outbox.append(new ReservationExpired(before.orderId(), before.id(), after.updatedAt()), inbound.tenantRegion());
            }
            case REFUSE -> {
                log.info("commit of reservation {} refused: it is {} since {}", before.id(), before.status(), before.updatedAt());
                outbox.append(new ReservationExpired(before.orderId(), before.id(), before.updatedAt()), inbound.tenantRegion());
            }
        }
    }

    /**
     * Compensation. ACTIVE → RELEASED returns the held units. COMMITTED → RELEASED returns the sold units (committed -= q):
     * the saga only releases a committed reservation when a later step (shipment) failed and the sale is undone, so
     * the stock must become sellable again. RELEASED/EXPIRED: nothing left to return, re-announce.
     */
    public void release(ReleaseReservation command, Inbound inbound) {
        Reservation before = lock(command.reservationId(), command.orderId());
        Reservation.ReleaseDecision decision = before.decideRelease();
        Reservation after = before.apply(decision, Instant.now(clock));
        stock.apply(decision.effect(), before.lines());
        availability.moved(decision.effect(), before.lines(), inbound.tenantRegion());
        reservations.update(before, after);
        log.info("release of reservation {} ({}): {} because {}", before.id(), before.status(), decision, command.reason());
        outbox.append(new ReservationReleased(before.orderId(), before.id()), inbound.tenantRegion());
    }

    private Reservation lock(UUID reservationId, UUID orderId) {
        Reservation reservation = reservations.lockById(reservationId).orElseThrow(() -> new IllegalStateException(
                "no reservation " + reservationId + " (order " + orderId + ")"));
        if (!reservation.orderId().equals(orderId)) {
            throw new IllegalStateException("reservation " + reservationId + " belongs to order " + reservation.orderId()
                    + ", not " + orderId);
        }
        return reservation;
    }
}
