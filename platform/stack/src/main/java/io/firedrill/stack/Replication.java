package io.firedrill.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The replica's replication threads as fault levers (the replica-lag scenario): stop the SQL (applier) thread while
 * the IO thread keeps receiving, delay applying by a fixed time ({@code MASTER_DELAY}), and put everything back.
 * {@code firedrill-stack up} also restarts stopped replication; these act on the running replica only.
 */
public final class Replication {

    private final Endpoints endpoints;

    public Replication(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** Stops applying: the replica keeps receiving the binlog but its data freezes (reads go stale). */
    public String stopApplier() throws SQLException {
        execute("STOP SLAVE SQL_THREAD");
        return status();
    }

    /** Applies every event {@code seconds} after the primary wrote it (0 removes the delay); restarts replication. */
    public String delay(int seconds) throws SQLException {
        if (seconds < 0 || seconds > 86_400) {
            throw new IllegalArgumentException("replication delay must be 0..86400 s, got " + seconds);
        }
        execute("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = " + seconds, "START SLAVE");
        return status();
    }

    /** No delay and both threads running: the replica catches up by itself. */
    public String restore() throws SQLException {
        return delay(0);
    }

    /** IO/SQL thread state, delay and the server's own lag estimate, one line. */
    public String status() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return "replication not configured";
            }
            return "IO=" + rs.getString("Slave_IO_Running") + " SQL=" + rs.getString("Slave_SQL_Running")
                    + " delay=" + rs.getString("SQL_Delay") + "s behind=" + rs.getString("Seconds_Behind_Master");
        }
    }

    private void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(endpoints.mariadbReplicaJdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
    }
}
