package io.firedrill.cdcrelay.relay;

import io.firedrill.stack.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway database on the real primary with an outbox table of the shared contract. Its name deliberately does
 * not match the production relay's {@code firedrill_.*}, so a relay started by the stack never relays test rows
 * (which would break the exact-count assertions).
 */
final class OutboxDatabase implements AutoCloseable {

    static final String DDL = """
            CREATE TABLE outbox (
              id                 CHAR(36)     NOT NULL PRIMARY KEY,
              aggregatetype      VARCHAR(64)  NOT NULL,
              aggregateid        VARCHAR(64)  NOT NULL,
              type               VARCHAR(64)  NOT NULL,
              payload            JSON         NOT NULL,
              tracingspancontext VARCHAR(128) NULL,
              tenant_region      VARCHAR(16)  NOT NULL,
              schema_version     INT          NOT NULL,
              created_at         TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
            )""";

    final String name;
    private final Endpoints endpoints;

    private OutboxDatabase(Endpoints endpoints, String name) {
        this.endpoints = endpoints;
        this.name = name;
    }

    static OutboxDatabase create(Endpoints endpoints) throws SQLException {
        String name = "cdcrelaytest_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        OutboxDatabase db = new OutboxDatabase(endpoints, name);
        try (Connection c = DriverManager.getConnection(endpoints.mariadbPrimaryJdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            s.execute("USE " + name);
            s.execute(DDL);
        }
        return db;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(endpoints.jdbcUrl(name, false), endpoints.dbUser(), endpoints.dbPassword());
    }

    /** Inserts one row in its own transaction (autocommit) and returns its event id. */
    String insert(String aggregateType, String aggregateId, String type, String payload, String traceparent) throws SQLException {
        try (Connection c = connect()) {
            return insert(c, aggregateType, aggregateId, type, payload, traceparent);
        }
    }

    static String insert(Connection c, String aggregateType, String aggregateId, String type, String payload, String traceparent)
            throws SQLException {
        String id = UUID.randomUUID().toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, "
                + "tracingspancontext, tenant_region, schema_version) VALUES (?, ?, ?, ?, ?, ?, 'eu-west', 2)")) {
            ps.setString(1, id);
            ps.setString(2, aggregateType);
            ps.setString(3, aggregateId);
            ps.setString(4, type);
            ps.setString(5, payload);
            ps.setString(6, traceparent);
            ps.executeUpdate();
        }
        return id;
    }

    /** The debezium-examples pattern: insert and delete in one transaction, the table stays empty. */
    String insertAndDeleteInOneTransaction(String aggregateType, String aggregateId, String type, String payload) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            String id = insert(c, aggregateType, aggregateId, type, payload, null);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            c.commit();
            return id;
        }
    }

    void updateType(String id, String type) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("UPDATE outbox SET type = ? WHERE id = ?")) {
            ps.setString(1, type);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(endpoints.mariadbPrimaryJdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        }
    }
}
