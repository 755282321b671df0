package io.firedrill.shipment.persistence;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.shipment.domain.Shipment;
import io.firedrill.shipment.domain.ShipmentStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code shipment} table: insert-only, one row per order (unique {@code order_id}). */
@Repository
public class ShipmentRepository {

    private static final String COLUMNS = "id, order_id, customer_id, status, label_key, carrier, tracking_number, "
            + "failure_reason, tenant_region, created_at";

    private final JdbcClient jdbc;

    ShipmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Shipment> findByOrderId(UUID orderId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM shipment WHERE order_id = ?")
                .param(orderId.toString())
                .query(ShipmentRepository::map)
                .optional();
    }

    /**
     * Inserts a new shipment.
     *
     * @throws org.springframework.dao.DuplicateKeyException if the order already has one (a concurrent delivery
     *                                                       of the same command won the race)
     */
    public void insert(Shipment s) {
        jdbc.sql("INSERT INTO shipment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(s.id().toString(), s.orderId().toString(), s.customerId().toString(), s.status().name(),
                        s.labelKey(), s.carrier(), s.trackingNumber(), s.failureReason(), s.tenantRegion().id(),
                        Timestamp.from(s.createdAt()))
                .update();
    }

    private static Shipment map(ResultSet rs, int row) throws SQLException {
        return Shipment.restore(
                UUID.fromString(rs.getString("id")),
                UUID.fromString(rs.getString("order_id")),
                UUID.fromString(rs.getString("customer_id")),
                ShipmentStatus.valueOf(rs.getString("status")),
                rs.getString("label_key"),
                rs.getString("carrier"),
                rs.getString("tracking_number"),
                rs.getString("failure_reason"),
                TenantRegion.fromId(rs.getString("tenant_region")),
                rs.getTimestamp("created_at").toInstant());
    }
}
