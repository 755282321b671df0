package io.firedrill.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SqlTimeTest {

    /** Moved from order-service (persistence.SqlTimeTest), whose copy of SqlTime this class replaces. */
    @Test
    void keepsMicrosecondsInUtc() {
        Instant instant = Instant.parse("2026-03-29T01:30:00.123456789Z");
        assertThat(SqlTime.of(instant)).isEqualTo("2026-03-29 01:30:00.123456");
        assertThat(SqlTime.parse("2026-03-29 01:30:00.123456")).isEqualTo(Instant.parse("2026-03-29T01:30:00.123456Z"));
        assertThat(SqlTime.parse("2026-03-29 01:30:00")).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(SqlTime.parse("2026-03-29 01:30:00.5")).isEqualTo(Instant.parse("2026-03-29T01:30:00.5Z"));
    }

    @Test
    void writesUtcTextWithMicrosecondsTruncatingNanoseconds() {
        assertThat(SqlTime.of(Instant.parse("2026-01-02T03:04:05.123456789Z"))).isEqualTo("2026-01-02 03:04:05.123456");
        assertThat(SqlTime.of(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02 03:04:05.000000");
        assertThat(SqlTime.of(null)).isNull();
    }

    @Test
    void readsTheTextBackWithAnyNumberOfFractionDigits() {
        Instant written = Instant.parse("2026-01-02T03:04:05.123456Z");

        assertThat(SqlTime.parse(SqlTime.of(written))).isEqualTo(written);
        assertThat(SqlTime.parse("2026-01-02 03:04:05")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(SqlTime.parse("2026-01-02 03:04:05.1 ")).isEqualTo(Instant.parse("2026-01-02T03:04:05.100Z"));
        assertThat(SqlTime.parse(null)).isNull();
    }
}
