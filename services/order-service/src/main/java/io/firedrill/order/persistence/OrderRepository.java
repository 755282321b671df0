package io.firedrill.order.persistence;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.messaging.SqlTime;
import io.firedrill.order.domain.Order;
import io.firedrill.order.domain.OrderLine;
import io.firedrill.order.domain.OrderStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The order aggregate on the primary: explicit SQL, updates conditional on the version that was read. */
@Repository
public class OrderRepository {

    private static final String COLUMNS = "id, customer_id, tenant_region, status, reason, total_cents, currency, "
            + "payment_method, payment_card, ship_recipient, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, "
            + "idempotency_key, request_hash, created_at, updated_at, version";

    private final JdbcTemplate jdbc;

    public OrderRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Order order) {
        Address a = order.shippingAddress();
        jdbc.update("INSERT INTO orders (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                order.id().toString(), order.customerId().toString(), order.tenantRegion().id(), order.status().name(),
                order.reason(), order.totalCents(), order.currency(), order.paymentMethod(), order.paymentCard(), a.recipient(), a.line1(),
                a.line2(), a.city(), a.postalCode(), a.country(), order.idempotencyKey(), order.requestHash(),
                SqlTime.of(order.createdAt()), SqlTime.of(order.updatedAt()), order.version());
        List<OrderLine> lines = order.lines();
        List<Object[]> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            rows.add(new Object[] {order.id().toString(), i + 1, line.sku(), line.name(), line.quantity(), line.unitPriceCents()});
        }
        jdbc.batchUpdate("INSERT INTO order_line (order_id, line_no, sku, name, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)",
                rows);
    }

    public Optional<Order> findById(UUID orderId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM orders WHERE id = ?", (rs, n) -> map(rs), orderId.toString())
                .stream().findFirst();
    }

    public Order get(UUID orderId) {
        return findById(orderId).orElseThrow(() -> new IllegalStateException("order " + orderId + " has a saga but no row"));
    }

    public Optional<Order> findByIdempotencyKey(UUID customerId, String idempotencyKey) {
        return jdbc.query("SELECT " + COLUMNS + " FROM orders WHERE customer_id = ? AND idempotency_key = ?",
                (rs, n) -> map(rs), customerId.toString(), idempotencyKey).stream().findFirst();
    }

    /** Writes status, reason and updated_at if nobody changed the order since it was read. */
    public void update(Order order) {
        int updated = jdbc.update("UPDATE orders SET status = ?, reason = ?, updated_at = ?, version = version + 1 "
                        + "WHERE id = ? AND version = ?",
                order.status().name(), order.reason(), SqlTime.of(order.updatedAt()), order.id().toString(),
                order.version());
        if (updated != 1) {
            throw new OptimisticLockingFailureException("order " + order.id() + " changed since version " + order.version());
        }
    }

    private Order map(ResultSet rs) throws SQLException {
        List<OrderLine> lines = jdbc.query(
                "SELECT sku, name, quantity, unit_price_cents FROM order_line WHERE order_id = ? ORDER BY line_no",
                (l, n) -> line(l, ""), rs.getString("id"));
        return order(rs, lines);
    }

    /** An order from the {@link #COLUMNS} of the current row, with its lines read separately. */
    static Order order(ResultSet rs, List<OrderLine> lines) throws SQLException {
        return orderWithLines(rs).apply(lines);
    }

    /**
     * Reads the order columns of the current row now, and builds the order once its lines are known (a join returns
     * the lines on the following rows).
     */
    static Function<List<OrderLine>, Order> orderWithLines(ResultSet rs) throws SQLException {
        Address address = new Address(rs.getString("ship_recipient"), rs.getString("ship_line1"), rs.getString("ship_line2"),
                rs.getString("ship_city"), rs.getString("ship_postal_code"), rs.getString("ship_country"));
        UUID id = UUID.fromString(rs.getString("id"));
        UUID customerId = UUID.fromString(rs.getString("customer_id"));
        TenantRegion region = TenantRegion.fromId(rs.getString("tenant_region"));
        long total = rs.getLong("total_cents");
        String currency = rs.getString("currency");
        String paymentMethod = rs.getString("payment_method");
        String paymentCard = rs.getString("payment_card");
        String idempotencyKey = rs.getString("idempotency_key");
        String requestHash = rs.getString("request_hash");
        Instant createdAt = SqlTime.parse(rs.getString("created_at"));
        OrderStatus status = OrderStatus.valueOf(rs.getString("status"));
        String reason = rs.getString("reason");
        Instant updatedAt = SqlTime.parse(rs.getString("updated_at"));
        long version = rs.getLong("version");
        return lines -> Order.rehydrate(id, customerId, region, lines, total, currency, paymentMethod, paymentCard, address,
                idempotencyKey, requestHash, createdAt, status, reason, updatedAt, version);
    }

    /** A line from columns sku, name, quantity, unit_price_cents, each prefixed with {@code prefix}. */
    static OrderLine line(ResultSet rs, String prefix) throws SQLException {
        return new OrderLine(rs.getString(prefix + "sku"), rs.getString(prefix + "name"), rs.getInt(prefix + "quantity"),
                rs.getLong(prefix + "unit_price_cents"));
    }

    /** The order columns, qualified with {@code alias}, for joins. */
    static String columns(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(",\\s*")).map(c -> alias + "." + c).collect(java.util.stream.Collectors.joining(", "));
    }
}
