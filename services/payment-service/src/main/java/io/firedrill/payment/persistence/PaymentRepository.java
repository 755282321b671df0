package io.firedrill.payment.persistence;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.messaging.SqlTime;
import io.firedrill.payment.domain.LedgerEntry;
import io.firedrill.payment.domain.LedgerKind;
import io.firedrill.payment.domain.Payment;
import io.firedrill.payment.domain.PaymentStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Payments and their append-only ledger, plain SQL. */
@Repository
public class PaymentRepository {

    private static final String COLUMNS = "id, order_id, customer_id, amount_cents, currency, payment_method, status, "
            + "decline_reason, provider_reference, tenant_region, created_at, updated_at, version";

    private final JdbcTemplate jdbc;

    PaymentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The order's payment: its first one, should a consumer without dedup have charged the order again. */
    public Optional<Payment> findByOrderId(UUID orderId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM payment WHERE order_id = ? ORDER BY created_at, id LIMIT 1", this::row,
                orderId.toString()).stream().findFirst();
    }

    /** The payment with a row lock held until the transaction ends. */
    public Optional<Payment> lockById(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM payment WHERE id = ? FOR UPDATE", this::row, id.toString()).stream().findFirst();
    }

    /**
     * Inserts a new payment under the idempotency key its provider call carried; the unique key turns a second payment
     * under the same key (the order id, unless dedup is off) into a DuplicateKeyException.
     */
    public void insert(Payment p, UUID idempotencyKey) {
        jdbc.update("INSERT INTO payment (" + COLUMNS + ", idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.id().toString(), p.orderId().toString(), p.customerId().toString(), p.amountCents(), p.currency(),
                p.paymentMethod(), p.status().name(), p.declineReason(), p.providerReference(), p.tenantRegion().id(),
                SqlTime.of(p.createdAt()), SqlTime.of(p.updatedAt()), p.version(), idempotencyKey.toString());
    }

    /** Orders with a payment created at or after {@code since} that have more than one payment (index range scans). */
    public List<UUID> ordersPaidMoreThanOnceSince(Instant since) {
        return jdbc.queryForList("SELECT DISTINCT p.order_id FROM payment p WHERE p.created_at >= ? "
                + "AND (SELECT COUNT(*) FROM payment o WHERE o.order_id = p.order_id) > 1", String.class, SqlTime.of(since))
                .stream().map(UUID::fromString).toList();
    }

    /**
     * The charges beyond an order's first payment that still stand: payments, other than the order's first, whose
     * ledger sums above 0 (a double charge, or a charge after the first payment was refunded). Among {@code orders}, or
     * among every order paid more than once when {@code orders} is null (a scan of the order index).
     */
    public List<ExtraCharge> extraCharges(Collection<UUID> orders) {
        if (orders != null && orders.isEmpty()) {
            return List.of();
        }
        String candidates = orders == null
                ? "(SELECT order_id FROM payment GROUP BY order_id HAVING COUNT(*) > 1)"
                : "(SELECT order_id FROM payment WHERE order_id IN (" + String.join(", ", java.util.Collections.nCopies(orders.size(), "?"))
                        + ") GROUP BY order_id HAVING COUNT(*) > 1)";
        Object[] args = orders == null ? new Object[0] : orders.stream().map(UUID::toString).toArray();
        return jdbc.query("SELECT later.id, later.order_id, SUM(l.amount_cents) AS charged FROM " + candidates + " twice "
                        + "JOIN payment later ON later.order_id = twice.order_id JOIN ledger_entry l ON l.payment_id = later.id "
                        + "WHERE EXISTS (SELECT 1 FROM payment earlier WHERE earlier.order_id = later.order_id "
                        + "AND (earlier.created_at < later.created_at OR (earlier.created_at = later.created_at AND earlier.id < later.id))) "
                        + "GROUP BY later.id, later.order_id HAVING SUM(l.amount_cents) > 0",
                (rs, n) -> new ExtraCharge(UUID.fromString(rs.getString("id")), UUID.fromString(rs.getString("order_id")),
                        rs.getLong("charged")), args);
    }

    /** A payment that charges its order again, and what it still charges. */
    public record ExtraCharge(UUID paymentId, UUID orderId, long chargedCents) {}

    /** Persists a transition; the version check refuses to overwrite a change made since {@code before} was read. */
    public void update(Payment before, Payment after) {
        int updated = jdbc.update("UPDATE payment SET status = ?, decline_reason = ?, updated_at = ?, version = ? "
                        + "WHERE id = ? AND version = ?",
                after.status().name(), after.declineReason(), SqlTime.of(after.updatedAt()), after.version(),
                after.id().toString(), before.version());
        if (updated != 1) {
            throw new OptimisticLockingFailureException("payment " + after.id() + " changed since version " + before.version());
        }
    }

    /** Appends a ledger entry; the table refuses updates and deletes, and a second entry of the same kind. */
    public void append(LedgerEntry entry) {
        jdbc.update("INSERT INTO ledger_entry (id, payment_id, kind, amount_cents, created_at) VALUES (?, ?, ?, ?, ?)",
                entry.id().toString(), entry.paymentId().toString(), entry.kind().name(), entry.amountCents(),
                SqlTime.of(entry.createdAt()));
    }

    public List<LedgerEntry> ledger(UUID paymentId) {
        return jdbc.query("SELECT id, payment_id, kind, amount_cents, created_at FROM ledger_entry WHERE payment_id = ? "
                        + "ORDER BY created_at, kind",
                (rs, n) -> new LedgerEntry(UUID.fromString(rs.getString("id")), UUID.fromString(rs.getString("payment_id")),
                        LedgerKind.valueOf(rs.getString("kind")), rs.getLong("amount_cents"), SqlTime.instant(rs, "created_at")),
                paymentId.toString());
    }

    private Payment row(ResultSet rs, int n) throws SQLException {
        return new Payment(
                UUID.fromString(rs.getString("id")),
                UUID.fromString(rs.getString("order_id")),
                UUID.fromString(rs.getString("customer_id")),
                rs.getLong("amount_cents"),
                rs.getString("currency"),
                rs.getString("payment_method"),
                PaymentStatus.valueOf(rs.getString("status")),
                rs.getString("decline_reason"),
                rs.getString("provider_reference"),
                TenantRegion.fromId(rs.getString("tenant_region")),
                SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "updated_at"),
                rs.getLong("version"));
    }
}
