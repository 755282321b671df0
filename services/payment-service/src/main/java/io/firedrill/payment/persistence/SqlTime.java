package io.firedrill.payment.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants in DATETIME(6) columns, always in UTC and with microseconds. Bound as text on purpose: mysql-connector-j
 * drops the fraction of a {@code java.sql.Timestamp} parameter against MariaDB 10.11 (it reads the "5.5.5-" server
 * version prefix as a server without fractional seconds), which made a TTL lose up to a second.
 */
final class SqlTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private SqlTime() {}

    static String utc(Instant instant) {
        return FORMAT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
