package io.firedrill.payment.persistence;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.messaging.SqlTime;
import io.firedrill.payment.domain.LedgerEntry;
import io.firedrill.payment.domain.LedgerKind;
import io.firedrill.payment.domain.Payment;
import io.firedrill.payment.domain.PaymentStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    public Optional<Payment> findByOrderId(UUID orderId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM payment WHERE order_id = ?", this::row, orderId.toString()).stream().findFirst();
    }

    /** The payment with a row lock held until the transaction ends. */
    public Optional<Payment> lockById(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM payment WHERE id = ? FOR UPDATE", this::row, id.toString()).stream().findFirst();
    }

    /** Inserts a new payment; the unique order id turns a second payment of the same order into a DuplicateKeyException. */
    public void insert(Payment p) {
        jdbc.update("INSERT INTO payment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.id().toString(), p.orderId().toString(), p.customerId().toString(), p.amountCents(), p.currency(),
                p.paymentMethod(), p.status().name(), p.declineReason(), p.providerReference(), p.tenantRegion().id(),
                SqlTime.of(p.createdAt()), SqlTime.of(p.updatedAt()), p.version());
    }

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
