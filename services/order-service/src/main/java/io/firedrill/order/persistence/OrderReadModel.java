package io.firedrill.order.persistence;

import io.firedrill.messaging.SqlTime;
import io.firedrill.order.OrderProperties;
import io.firedrill.order.OrderProperties.ReadConsistency;
import io.firedrill.order.admin.OrderSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the read endpoints show, read from the replica or the primary as {@link OrderSettings} says. Reading the
 * replica is the default and the point: a fresh order is invisible there until replication caught up, which is
 * what the replica-lag incident exercises. {@code bounded} consistency keeps reads fresh: the replica only while its
 * heartbeat lag is within a bound and, for a client that names the position of its last write, once the replica has
 * applied it; the primary otherwise. Each read is counted by source and reason ({@code firedrill_order_reads_total}).
 */
@Repository
public class OrderReadModel {

    public record Line(String sku, String name, int quantity, long unitPriceCents) {}

    public record SagaRow(String state, String step, Instant deadline, int attempts, String lastError,
                          String reservationStatus, String paymentStatus) {}

    public record Details(UUID orderId, UUID customerId, String status, String reason, String tenantRegion,
                          List<Line> lines, long totalCents, String currency, Instant createdAt, Instant updatedAt,
                          SagaRow saga, String source) {}

    public record Summary(UUID orderId, String status, String reason, String tenantRegion, long totalCents,
                          String currency, Instant createdAt, Instant updatedAt) {}

    public record Page(List<Summary> orders, boolean hasMore, String source) {}

    private final JdbcTemplate primary;
    private final ReplicaDatabase replica;
    private final OrderSettings settings;
    private final ReplicaLagMonitor lag;
    private final OrderProperties.Replica bounds;
    private final MeterRegistry meters;

    public OrderReadModel(JdbcTemplate primary, ReplicaDatabase replica, OrderSettings settings, ReplicaLagMonitor lag,
                          OrderProperties properties, MeterRegistry meters) {
        this.primary = primary;
        this.replica = replica;
        this.settings = settings;
        this.lag = lag;
        this.bounds = properties.replica();
        this.meters = meters;
    }

    /**
     * The primary's binlog position now: after a write has committed, a replica that reached it holds the write.
     * Clients send it back as {@code Read-After-Gtid} to read their own writes.
     */
    public String writePosition() {
        return primary.queryForObject("SELECT @@global.gtid_binlog_pos", String.class);
    }

    public Optional<Details> find(UUID orderId) {
        return find(orderId, null);
    }

    /** @param readAfterGtid the client's last write position, or null */
    public Optional<Details> find(UUID orderId, @Nullable String readAfterGtid) {
        Source source = source(readAfterGtid);
        List<Details> found = source.jdbc.query("SELECT o.id, o.customer_id, o.status, o.reason, o.tenant_region, o.total_cents, "
                        + "o.currency, o.created_at, o.updated_at, s.state, s.step, s.step_deadline, s.attempts, s.last_error, "
                        + "s.reservation_status, s.payment_status "
                        + "FROM orders o LEFT JOIN saga_instance s ON s.order_id = o.id WHERE o.id = ?",
                (rs, n) -> details(rs, source), orderId.toString());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<Line> lines = source.jdbc.query("SELECT sku, name, quantity, unit_price_cents FROM order_line WHERE order_id = ? "
                        + "ORDER BY line_no",
                (rs, n) -> new Line(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4)), orderId.toString());
        Details d = found.get(0);
        return Optional.of(new Details(d.orderId(), d.customerId(), d.status(), d.reason(), d.tenantRegion(), lines,
                d.totalCents(), d.currency(), d.createdAt(), d.updatedAt(), d.saga(), d.source()));
    }

    /** One page of a customer's orders, newest first. */
    public Page byCustomer(UUID customerId, int page, int size) {
        return byCustomer(customerId, page, size, null);
    }

    /** One page of a customer's orders, newest first, at least as fresh as {@code readAfterGtid} when given. */
    public Page byCustomer(UUID customerId, int page, int size, @Nullable String readAfterGtid) {
        Source source = source(readAfterGtid);
        List<Summary> rows = source.jdbc.query("SELECT id, status, reason, tenant_region, total_cents, currency, created_at, "
                        + "updated_at FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                (rs, n) -> new Summary(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), SqlTime.parse(rs.getString(7)), SqlTime.parse(rs.getString(8))),
                customerId.toString(), size + 1, (long) page * size);
        boolean hasMore = rows.size() > size;
        return new Page(hasMore ? rows.subList(0, size) : rows, hasMore, source.name);
    }

    private record Source(String name, JdbcTemplate jdbc) {}

    private Source source(@Nullable String readAfterGtid) {
        ReadConsistency consistency = settings.current().readConsistency();
        return switch (consistency) {
            case REPLICA -> counted(new Source("replica", replica.jdbc()), "configured");
            case PRIMARY -> counted(new Source("primary", primary), "configured");
            case BOUNDED -> bounded(readAfterGtid);
        };
    }

    private Source bounded(@Nullable String readAfterGtid) {
        double lagSeconds = lag.lagSeconds();
        if (Double.isNaN(lagSeconds)) {
            return counted(new Source("primary", primary), "lag-unknown");
        }
        if (lagSeconds > bounds.maxLag().toMillis() / 1000.0) {
            return counted(new Source("primary", primary), "lag-over-bound");
        }
        if (readAfterGtid == null || readAfterGtid.isBlank()) {
            return counted(new Source("replica", replica.jdbc()), "lag-within-bound");
        }
        try {
            // 0: the replica applied the position; -1: timed out; NULL: replication is not running.
            Integer reached = replica.jdbc().queryForObject("SELECT MASTER_GTID_WAIT(?, ?)", Integer.class,
                    readAfterGtid.trim(), bounds.gtidWaitTimeout().toMillis() / 1000.0);
            if (reached != null && reached == 0) {
                return counted(new Source("replica", replica.jdbc()), "gtid-reached");
            }
            return counted(new Source("primary", primary), "gtid-not-reached");
        } catch (RuntimeException e) {
            return counted(new Source("primary", primary), "replica-error");
        }
    }

    private Source counted(Source source, String reason) {
        meters.counter("firedrill_order_reads_total", "source", source.name, "reason", reason).increment();
        return source;
    }

    private static Details details(ResultSet rs, Source source) throws SQLException {
        String state = rs.getString("state");
        SagaRow saga = state == null ? null : new SagaRow(state, rs.getString("step"), SqlTime.parse(rs.getString("step_deadline")),
                rs.getInt("attempts"), rs.getString("last_error"), rs.getString("reservation_status"),
                rs.getString("payment_status"));
        return new Details(UUID.fromString(rs.getString("id")), UUID.fromString(rs.getString("customer_id")),
                rs.getString("status"), rs.getString("reason"), rs.getString("tenant_region"), List.of(),
                rs.getLong("total_cents"), rs.getString("currency"), SqlTime.parse(rs.getString("created_at")),
                SqlTime.parse(rs.getString("updated_at")), saga, source.name);
    }
}
