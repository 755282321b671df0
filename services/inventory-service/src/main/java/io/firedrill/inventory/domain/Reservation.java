package io.firedrill.inventory.domain;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.InventoryRejected;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A reservation of stock for one order, as an immutable state machine. Each transition returns the next state and
 * refuses illegal ones; the caller persists it with the version check and applies the returned {@link StockEffect}.
 *
 * <pre>
 *   ACTIVE ──commit──▶ COMMITTED ──release──▶ RELEASED
 *     │ └──release──▶ RELEASED         ▲ (legacy, guard off: EXPIRED/RELEASED ──commit──▶ COMMITTED)
 *     └──expire───▶ EXPIRED
 *   (REJECTED is terminal: the order never held stock)
 * </pre>
 */
public record Reservation(UUID id, UUID orderId, ReservationStatus status, InventoryRejected.Reason rejectReason,
                          TenantRegion tenantRegion, Instant expiresAt, Instant createdAt, Instant updatedAt,
                          long version, List<ReservationLine> lines) {

    public Reservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tenantRegion, "tenantRegion");
        Objects.requireNonNull(expiresAt, "expiresAt");
        lines = List.copyOf(lines);
        if (status == ReservationStatus.REJECTED && rejectReason == null) {
            throw new IllegalArgumentException("a rejected reservation needs a reason");
        }
    }

    /** A new ACTIVE reservation holding {@code lines} until now + ttl. Instants are kept at the database's precision. */
    public static Reservation open(UUID orderId, TenantRegion region, List<ReservationLine> lines, Instant now, Duration ttl) {
        Instant at = micros(now);
        return new Reservation(UUID.randomUUID(), orderId, ReservationStatus.ACTIVE, null, region, at.plus(ttl), at, at, 0,
                ReservationLine.sorted(lines));
    }

    /** Nothing could be reserved; the row remembers why, for redeliveries. */
    public Reservation reject(InventoryRejected.Reason reason, Instant now) {
        if (status != ReservationStatus.ACTIVE || version != 0) {
            throw new IllegalTransitionException(id, status, "be rejected");
        }
        return new Reservation(id, orderId, ReservationStatus.REJECTED, reason, tenantRegion, expiresAt, createdAt,
                micros(now), version + 1, List.of());
    }

    /** ACTIVE and past its TTL: the reaper may expire it; under the confirm guard it can no longer be committed. */
    public boolean isOverdue(Instant now) {
        return status == ReservationStatus.ACTIVE && !now.isBefore(expiresAt);
    }

    // --- commit ------------------------------------------------------------------------------------------------

    /** What CommitReservation does to this reservation. */
    public enum CommitDecision {
        /** ACTIVE and within its TTL (or the guard is off): held units become sold. Announce ReservationCommitted. */
        COMMIT(StockEffect.RESERVED_TO_COMMITTED),
        /** Guard off and the units were already returned: sold anyway (the legacy bug). Announce ReservationCommitted. */
        COMMIT_DESPITE_EXPIRY(StockEffect.COMMIT_RETURNED_UNITS),
        /** Guard on, ACTIVE but past its TTL before the reaper got to it: expire now. Announce ReservationExpired. */
        EXPIRE_NOW(StockEffect.RETURN_RESERVED),
        /** Guard on, units already returned (EXPIRED or RELEASED): refuse. Announce ReservationExpired, no change. */
        REFUSE(StockEffect.NONE),
        /** Already COMMITTED (a redelivery): re-announce ReservationCommitted, no change. */
        ALREADY_COMMITTED(StockEffect.NONE);

        private final StockEffect effect;

        CommitDecision(StockEffect effect) {
            this.effect = effect;
        }

        public StockEffect effect() {
            return effect;
        }
    }

    /**
     * The confirm guard decides here. On: only a reservation that is ACTIVE and not yet past its TTL is committed;
     * one past its TTL is expired on the spot (the reaper may lag), so the result does not depend on reaper timing.
     * Off: commit whatever the status and the clock say.
     */
    public CommitDecision decideCommit(boolean confirmGuard, Instant now) {
        return switch (status) {
            case COMMITTED -> CommitDecision.ALREADY_COMMITTED;
            case ACTIVE -> confirmGuard && isOverdue(now) ? CommitDecision.EXPIRE_NOW : CommitDecision.COMMIT;
            case EXPIRED, RELEASED -> confirmGuard ? CommitDecision.REFUSE : CommitDecision.COMMIT_DESPITE_EXPIRY;
            case REJECTED -> throw new IllegalTransitionException(id, status, "be committed");
        };
    }

    /** The state after {@code decision} was carried out. */
    public Reservation apply(CommitDecision decision, Instant now) {
        return switch (decision) {
            case COMMIT -> transition(ReservationStatus.COMMITTED, now, ReservationStatus.ACTIVE);
            case COMMIT_DESPITE_EXPIRY -> transition(ReservationStatus.COMMITTED, now, ReservationStatus.EXPIRED, ReservationStatus.RELEASED);
            case EXPIRE_NOW -> expire(now);
            case REFUSE, ALREADY_COMMITTED -> this;
        };
    }

    // --- release -----------------------------------------------------------------------------------------------

    /** What ReleaseReservation does to this reservation; every outcome announces ReservationReleased. */
    public enum ReleaseDecision {
        /** ACTIVE: held units become available. */
        RELEASE(StockEffect.RETURN_RESERVED),
        /** COMMITTED: the sale is compensated, sold units become available again. */
        RETURN_SOLD(StockEffect.RETURN_COMMITTED),
        /** RELEASED or EXPIRED: the units were already returned; a redelivery or a race with the reaper. */
        ALREADY_RETURNED(StockEffect.NONE);

        private final StockEffect effect;

        ReleaseDecision(StockEffect effect) {
            this.effect = effect;
        }

        public StockEffect effect() {
            return effect;
        }
    }

    public ReleaseDecision decideRelease() {
        return switch (status) {
            case ACTIVE -> ReleaseDecision.RELEASE;
            case COMMITTED -> ReleaseDecision.RETURN_SOLD;
            case RELEASED, EXPIRED -> ReleaseDecision.ALREADY_RETURNED;
            case REJECTED -> throw new IllegalTransitionException(id, status, "be released");
        };
    }

    public Reservation apply(ReleaseDecision decision, Instant now) {
        return decision == ReleaseDecision.ALREADY_RETURNED ? this
                : transition(ReservationStatus.RELEASED, now, ReservationStatus.ACTIVE, ReservationStatus.COMMITTED);
    }

    // --- expiry ------------------------------------------------------------------------------------------------

    /** TTL elapsed: ACTIVE → EXPIRED; the caller returns the held units ({@link StockEffect#RETURN_RESERVED}). */
    public Reservation expire(Instant now) {
        return transition(ReservationStatus.EXPIRED, now, ReservationStatus.ACTIVE);
    }

    private Reservation transition(ReservationStatus to, Instant now, ReservationStatus... allowedFrom) {
        for (ReservationStatus from : allowedFrom) {
            if (status == from) {
                return new Reservation(id, orderId, to, rejectReason, tenantRegion, expiresAt, createdAt, micros(now),
                        version + 1, lines);
            }
        }
        throw new IllegalTransitionException(id, status, "become " + to);
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
