package io.firedrill.inventory.persistence;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.InventoryRejected;
import io.firedrill.inventory.domain.Reservation;
import io.firedrill.inventory.domain.ReservationLine;
import io.firedrill.inventory.domain.ReservationStatus;
import io.firedrill.messaging.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reservations and their lines, plain SQL. Locking reads are explicit ({@code lock*}). */
@Repository
public class ReservationRepository {

    private static final String COLUMNS =
            "id, order_id, status, reject_reason, tenant_region, expires_at, created_at, updated_at, version";

    private final JdbcTemplate jdbc;

    ReservationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A consistent (non-locking) read; enough to re-announce an outcome that no longer changes. */
    public Optional<Reservation> findByOrderId(UUID orderId) {
        return one("SELECT " + COLUMNS + " FROM reservation WHERE order_id = ?", orderId.toString());
    }

    /** The reservation with a row lock held until the transaction ends. */
    public Optional<Reservation> lockById(UUID id) {
        return one("SELECT " + COLUMNS + " FROM reservation WHERE id = ? FOR UPDATE", id.toString());
    }

    /**
     * Up to {@code limit} ACTIVE reservations past their TTL, locked; rows another transaction holds (a commit in
     * progress, another reaper) are skipped rather than waited for.
     */
    public List<Reservation> lockOverdue(Instant now, int limit) {
        List<Reservation> rows = jdbc.query("SELECT " + COLUMNS + " FROM reservation WHERE status = 'ACTIVE' AND expires_at <= ? "
                + "ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED", this::row, SqlTime.of(now), limit);
        return withLines(rows);
    }

    /**
     * Inserts the reservation row (and its lines). The unique order id makes a concurrent second reservation of the
     * same order fail with {@link org.springframework.dao.DuplicateKeyException} here, before any stock moves.
     */
    public void insert(Reservation r) {
        jdbc.update("INSERT INTO reservation (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id().toString(), r.orderId().toString(), r.status().name(),
                r.rejectReason() == null ? null : r.rejectReason().name(), r.tenantRegion().id(),
                SqlTime.of(r.expiresAt()), SqlTime.of(r.createdAt()), SqlTime.of(r.updatedAt()), r.version());
        insertLines(r);
    }

    private void insertLines(Reservation r) {
        if (r.lines().isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO reservation_line (reservation_id, sku, quantity) VALUES (?, ?, ?)",
                r.lines().stream().map(l -> new Object[] {r.id().toString(), l.sku(), l.quantity()}).toList());
    }

    /** Persists a transition; the version check refuses to overwrite a change made since {@code before} was read. */
    public void update(Reservation before, Reservation after) {
        if (before == after) {
            return;
        }
        int updated = jdbc.update("UPDATE reservation SET status = ?, reject_reason = ?, updated_at = ?, version = ? "
                        + "WHERE id = ? AND version = ?",
                after.status().name(), after.rejectReason() == null ? null : after.rejectReason().name(),
                SqlTime.of(after.updatedAt()), after.version(), after.id().toString(), before.version());
        if (updated != 1) {
            throw new OptimisticLockingFailureException("reservation " + after.id() + " changed since version "
                    + before.version() + " was read");
        }
        if (before.status() == ReservationStatus.ACTIVE && after.status() == ReservationStatus.REJECTED) {
            jdbc.update("DELETE FROM reservation_line WHERE reservation_id = ?", after.id().toString());
        }
    }

    /** Reservations ACTIVE now; feeds the {@code firedrill_reservations_active} gauge. */
    public long countActive() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM reservation WHERE status = 'ACTIVE'", Long.class);
        return count == null ? 0 : count;
    }

    private Optional<Reservation> one(String sql, Object... args) {
        return withLines(jdbc.query(sql, this::row, args)).stream().findFirst();
    }

    private List<Reservation> withLines(List<Reservation> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, List<ReservationLine>> lines = lines(rows.stream().map(r -> r.id().toString()).toList());
        List<Reservation> result = new ArrayList<>(rows.size());
        for (Reservation r : rows) {
            result.add(new Reservation(r.id(), r.orderId(), r.status(), r.rejectReason(), r.tenantRegion(), r.expiresAt(),
                    r.createdAt(), r.updatedAt(), r.version(), lines.getOrDefault(r.id().toString(), List.of())));
        }
        return result;
    }

    private Map<String, List<ReservationLine>> lines(Collection<String> reservationIds) {
        String marks = reservationIds.stream().map(id -> "?").collect(Collectors.joining(","));
        Map<String, List<ReservationLine>> byReservation = new HashMap<>();
        jdbc.query("SELECT reservation_id, sku, quantity FROM reservation_line WHERE reservation_id IN (" + marks
                        + ") ORDER BY reservation_id, sku",
                rs -> {
                    byReservation.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new ReservationLine(rs.getString(2), rs.getInt(3)));
                },
                reservationIds.toArray());
        return byReservation;
    }

    private Reservation row(ResultSet rs, int n) throws SQLException {
        String reason = rs.getString("reject_reason");
        return new Reservation(
                UUID.fromString(rs.getString("id")),
                UUID.fromString(rs.getString("order_id")),
                ReservationStatus.valueOf(rs.getString("status")),
                reason == null ? null : InventoryRejected.Reason.valueOf(reason),
                TenantRegion.fromId(rs.getString("tenant_region")),
                SqlTime.instant(rs, "expires_at"),
                SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "updated_at"),
                rs.getLong("version"),
                List.of());
    }
}
