package io.firedrill.chaos.provider;

import io.firedrill.chaos.core.RunContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * A statement on the primary or the replica ({@code target: primary|replica}, {@code database},
 * {@code statement}). Output: the first column of the first row for a query (null if no row), the update
 * count otherwise. Used for invariants ("committed never exceeds stock") and infrastructure faults
 * ({@code STOP SLAVE SQL_THREAD}).
 */
final class SqlProvider implements Provider {

    @Override
    public Object run(Map<String, Object> args, RunContext context) throws Exception {
        String target = Provider.optional(args, "target", "primary");
        String database = Provider.optional(args, "database", "");
        String statement = Provider.required(args, "statement");
        var endpoints = context.endpoints();
        String url = switch (target) {
            case "primary" -> database.isEmpty() ? endpoints.mariadbPrimaryJdbcUrl() : endpoints.jdbcUrl(database, false);
            case "replica" -> database.isEmpty() ? endpoints.mariadbReplicaJdbcUrl() : endpoints.jdbcUrl(database, true);
            default -> throw new IllegalArgumentException("target must be primary or replica, not '" + target + "'");
        };
        try (Connection connection = DriverManager.getConnection(url, endpoints.dbUser(), endpoints.dbPassword());
             Statement s = connection.createStatement()) {
            if (s.execute(statement)) {
                try (ResultSet rs = s.getResultSet()) {
                    return rs.next() ? rs.getObject(1) : null;
                }
            }
            return s.getUpdateCount();
        }
    }
}
