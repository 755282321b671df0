package io.firedrill.order.persistence;

import io.firedrill.messaging.SqlTime;
import io.firedrill.messaging.TraceContext;

import io.firedrill.order.domain.saga.PaymentStatus;
import io.firedrill.order.domain.saga.ReservationStatus;
import io.firedrill.order.domain.saga.SagaInstance;
import io.firedrill.order.domain.saga.SagaState;
import io.firedrill.order.domain.saga.SagaStep;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code saga_instance} on the primary. Every change to a saga starts by locking its row ({@code FOR UPDATE}), so a
 * reply, the sweeper and a cancel request for the same order run one after another; the version check on update
 * catches any path that forgot to lock.
 */
@Repository
public class SagaRepository {

    private static final String COLUMNS = "id, order_id, state, step, step_deadline, attempts, reservation_id, "
            + "reservation_status, payment_id, payment_status, last_error, version, created_at, updated_at";
    private static final String IN_FLIGHT = "state IN ('RUNNING', 'COMPENSATING')";

    private final JdbcTemplate jdbc;
    private final TraceContext traceContext;

    public SagaRepository(JdbcTemplate jdbc, TraceContext traceContext) {
        this.jdbc = jdbc;
        this.traceContext = traceContext;
    }

    /** Inserts the saga with the trace of the request that started it (see {@link #traceparent}). */
    public void insert(SagaInstance saga) {
        jdbc.update("INSERT INTO saga_instance (" + COLUMNS + ", traceparent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                saga.id().toString(), saga.orderId().toString(), saga.state().name(), name(saga.step()),
                timestamp(saga.stepDeadline()), saga.attempts(), string(saga.reservationId()), saga.reservation().name(),
                string(saga.paymentId()), saga.payment().name(), saga.lastError(), saga.version(),
                timestamp(saga.createdAt()), timestamp(saga.updatedAt()), traceContext.currentTraceparent());
    }

    /** The trace of the checkout that started the saga, or null: the sweeper continues it when it acts. */
    public String traceparent(UUID sagaId) {
        List<String> rows = jdbc.queryForList("SELECT traceparent FROM saga_instance WHERE id = ?", String.class, sagaId.toString());
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A saga with its order, read together. */
    public record Checkout(SagaInstance saga, io.firedrill.order.domain.Order order) {}

    /**
     * The saga of an order with the order and its lines, locked until the transaction ends, in one round trip (the
     * reply handlers' hot path: one query instead of three).
     */
    public Optional<Checkout> lockCheckout(UUID orderId) {
        String sagaColumns = java.util.Arrays.stream(COLUMNS.split(",\\s*")).map(c -> "s." + c + " AS s_" + c)
                .collect(java.util.stream.Collectors.joining(", "));
        List<Checkout> found = jdbc.query("SELECT " + sagaColumns + ", " + OrderRepository.columns("o")
                        + ", l.sku AS l_sku, l.name AS l_name, l.quantity AS l_quantity, l.unit_price_cents AS l_unit_price_cents "
                        + "FROM saga_instance s JOIN orders o ON o.id = s.order_id JOIN order_line l ON l.order_id = o.id "
                        + "WHERE s.order_id = ? ORDER BY l.line_no FOR UPDATE",
                rs -> {
                    if (!rs.next()) {
                        return List.of();
                    }
                    SagaInstance saga = map(rs, "s_");
                    // Saga and order columns repeat on every row, one row per line.
                    var order = OrderRepository.orderWithLines(rs);
                    List<io.firedrill.order.domain.OrderLine> lines = new java.util.ArrayList<>();
                    do {
                        lines.add(OrderRepository.line(rs, "l_"));
                    } while (rs.next());
                    return List.of(new Checkout(saga, order.apply(lines)));
                }, orderId.toString());
        return found.stream().findFirst();
    }

    /** The saga of an order, locked until the transaction ends. */
    public Optional<SagaInstance> lockByOrderId(UUID orderId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM saga_instance WHERE order_id = ? FOR UPDATE",
                (rs, n) -> map(rs), orderId.toString()).stream().findFirst();
    }

    public Optional<SagaInstance> findByOrderId(UUID orderId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM saga_instance WHERE order_id = ?",
                (rs, n) -> map(rs), orderId.toString()).stream().findFirst();
    }

    /**
     * Up to {@code limit} in-flight sagas whose step deadline passed, oldest deadline first, locked; rows another
     * transaction holds (a reply being handled, another instance's sweeper) are skipped, not waited for.
     */
    public List<SagaInstance> lockOverdue(Instant now, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM saga_instance WHERE " + IN_FLIGHT + " AND step_deadline < ? "
                        + "ORDER BY step_deadline LIMIT ? FOR UPDATE SKIP LOCKED",
                (rs, n) -> map(rs), SqlTime.of(now), limit);
    }

    /** One saga if it is still overdue and nobody holds it. */
    public Optional<SagaInstance> lockOverdue(UUID sagaId, Instant now) {
        return jdbc.query("SELECT " + COLUMNS + " FROM saga_instance WHERE id = ? AND " + IN_FLIGHT
                        + " AND step_deadline < ? FOR UPDATE SKIP LOCKED",
                (rs, n) -> map(rs), sagaId.toString(), SqlTime.of(now)).stream().findFirst();
    }

    /** Ids of overdue sagas, without locking. */
    public List<UUID> overdueIds(Instant now, int limit) {
        return jdbc.query("SELECT id FROM saga_instance WHERE " + IN_FLIGHT + " AND step_deadline < ? "
                        + "ORDER BY step_deadline LIMIT ?",
                (rs, n) -> UUID.fromString(rs.getString(1)), SqlTime.of(now), limit);
    }

    /** Pushes a saga's deadline without changing anything else, e.g. after its timeout handling failed. */
    public void postpone(UUID sagaId, Instant deadline, String error) {
        jdbc.update("UPDATE saga_instance SET step_deadline = ?, last_error = ?, version = version + 1 WHERE id = ?",
                SqlTime.of(deadline), error == null || error.length() <= 1000 ? error : error.substring(0, 1000),
                sagaId.toString());
    }

    public void update(SagaInstance saga) {
        int updated = jdbc.update("UPDATE saga_instance SET state = ?, step = ?, step_deadline = ?, attempts = ?, "
                        + "reservation_id = ?, reservation_status = ?, payment_id = ?, payment_status = ?, last_error = ?, "
                        + "updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                saga.state().name(), name(saga.step()), timestamp(saga.stepDeadline()), saga.attempts(),
                string(saga.reservationId()), saga.reservation().name(), string(saga.paymentId()), saga.payment().name(),
                saga.lastError(), timestamp(saga.updatedAt()), saga.id().toString(), saga.version());
        if (updated != 1) {
            throw new OptimisticLockingFailureException("saga " + saga.id() + " of order " + saga.orderId()
                    + " changed since version " + saga.version());
        }
    }

    /** In-flight sagas per (state, step). */
    public List<InFlight> inFlight() {
        return jdbc.query("SELECT state, step, COUNT(*), MIN(created_at), MIN(step_deadline) FROM saga_instance WHERE "
                        + IN_FLIGHT + " GROUP BY state, step",
                (rs, n) -> new InFlight(SagaState.valueOf(rs.getString(1)), SagaStep.valueOf(rs.getString(2)), rs.getLong(3),
                        SqlTime.parse(rs.getString(4)), SqlTime.parse(rs.getString(5))));
    }

    public long countInState(SagaState state) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM saga_instance WHERE state = ?", Long.class, state.name());
        return count == null ? 0 : count;
    }

    /** Orders whose saga is in {@code state}, the longest there first, at most {@code limit}. */
    public List<UUID> orderIdsInState(SagaState state, int limit) {
        return jdbc.query("SELECT order_id FROM saga_instance WHERE state = ? ORDER BY updated_at, id LIMIT ?",
                (rs, n) -> UUID.fromString(rs.getString(1)), state.name(), limit);
    }

    public record InFlight(SagaState state, SagaStep step, long count, Instant oldestCreatedAt, Instant earliestDeadline) {}

    private static SagaInstance map(ResultSet rs) throws SQLException {
        return map(rs, "");
    }

    private static SagaInstance map(ResultSet rs, String p) throws SQLException {
        String step = rs.getString(p + "step");
        String reservationId = rs.getString(p + "reservation_id");
        String paymentId = rs.getString(p + "payment_id");
        return SagaInstance.rehydrate(UUID.fromString(rs.getString(p + "id")), UUID.fromString(rs.getString(p + "order_id")),
                SagaState.valueOf(rs.getString(p + "state")), step == null ? null : SagaStep.valueOf(step),
                SqlTime.parse(rs.getString(p + "step_deadline")), rs.getInt(p + "attempts"),
                reservationId == null ? null : UUID.fromString(reservationId),
                ReservationStatus.valueOf(rs.getString(p + "reservation_status")),
                paymentId == null ? null : UUID.fromString(paymentId), PaymentStatus.valueOf(rs.getString(p + "payment_status")),
                rs.getString(p + "last_error"), rs.getLong(p + "version"), SqlTime.parse(rs.getString(p + "created_at")),
                SqlTime.parse(rs.getString(p + "updated_at")));
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static String string(UUID value) {
        return value == null ? null : value.toString();
    }

    private static String timestamp(Instant value) {
        return SqlTime.of(value);
    }
}
