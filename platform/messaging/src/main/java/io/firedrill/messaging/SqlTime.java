package io.firedrill.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Instants in the services' {@code DATETIME(6)} columns: always UTC, with microseconds, bound as text. Text because
 * mysql-connector-j drops the fraction of a {@code java.sql.Timestamp} parameter against MariaDB 10.x (the handshake
 * reports "5.5.5-", which it reads as a server without fractional seconds): a reservation TTL lost up to a second and
 * a 300 ms saga step deadline was rounded into the past. UTC text in a DATETIME also keeps the JVM, connection and
 * session time zones out of the picture.
 *
 * <p>Here, beside the outbox and the dedup table, because every service that owns MariaDB tables depends on this
 * module for its JDBC plumbing.
 */
public final class SqlTime {

    private static final DateTimeFormatter WRITE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private SqlTime() {}

    /** The parameter for a DATETIME(6) column (UTC, truncated to microseconds); null for null. */
    public static String of(Instant instant) {
        return instant == null ? null : WRITE.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /** A DATETIME(6) column read with {@code getString} (any number of fraction digits); null for SQL NULL. */
    public static Instant parse(String value) {
        return value == null ? null : LocalDateTime.parse(value.trim(), READ).toInstant(ZoneOffset.UTC);
    }

    /** A DATETIME(6) column read as the driver's {@link LocalDateTime}; null for SQL NULL. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
