package io.firedrill.order.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Instants in {@code DATETIME(6)} columns, always UTC, exchanged as text. Text because mysql-connector-j truncates
 * {@code java.sql.Timestamp} parameters to whole seconds against MariaDB 10.x (the handshake reports 5.5.5, which it
 * reads as "no fractional seconds"): a 300 ms step deadline would be rounded into the past. UTC text in a DATETIME
 * also keeps the JVM, connection and session time zones out of the picture.
 */
final class SqlTime {

    private static final DateTimeFormatter WRITE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private SqlTime() {}

    /** The parameter for a DATETIME(6) column, truncated to the column's microseconds. */
    static String of(Instant instant) {
        return instant == null ? null : WRITE.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /** A DATETIME(6) column read with {@code getString}. */
    static Instant parse(String value) {
        return value == null ? null : LocalDateTime.parse(value.trim(), READ).toInstant(ZoneOffset.UTC);
    }
}
