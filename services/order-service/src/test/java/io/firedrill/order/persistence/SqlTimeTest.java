package io.firedrill.order.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SqlTimeTest {

    @Test
    void keepsMicrosecondsInUtc() {
        Instant instant = Instant.parse("2026-03-29T01:30:00.123456789Z");
        assertThat(SqlTime.of(instant)).isEqualTo("2026-03-29 01:30:00.123456");
        assertThat(SqlTime.parse("2026-03-29 01:30:00.123456")).isEqualTo(Instant.parse("2026-03-29T01:30:00.123456Z"));
        assertThat(SqlTime.parse("2026-03-29 01:30:00")).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(SqlTime.parse("2026-03-29 01:30:00.5")).isEqualTo(Instant.parse("2026-03-29T01:30:00.5Z"));
    }
}
