package io.firedrill.cdcrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayClockTest {

    private static final long T0 = 1_767_323_045_000L;

    private final MutableClock wall = new MutableClock(T0);
    private final RelayClock clock = new RelayClock(wall);

    @Test
    void bothSignalsGrowFromStartUntilTheFirstRecord() {
        wall.advance(5_000);

        assertThat(clock.lagSeconds()).isEqualTo(5.0);
        assertThat(clock.heartbeatAgeSeconds()).isEqualTo(5.0);
    }

    @Test
    void lagIsNowMinusWhenTheLastRelayedRowWasWritten() {
        wall.advance(2_000);
        clock.changeRelayed(Instant.ofEpochMilli(T0 + 1_750));

        assertThat(clock.lagSeconds()).isEqualTo(0.25);
        wall.advance(1_000);
        assertThat(clock.lagSeconds()).isEqualTo(1.25);
        assertThat(clock.heartbeatAgeSeconds()).isEqualTo(1.0);
    }

    @Test
    void firstRelayedRowOfABacklogShowsItsTrueAge() {
        wall.advance(1_000);
        clock.changeRelayed(Instant.ofEpochMilli(T0 - 60_000));

        assertThat(clock.lagSeconds()).isEqualTo(61.0);
    }

    @Test
    void idleHeartbeatsAtAnUnchangedBinlogPositionKeepLagNearZero() {
        Map<String, Object> offset = Map.of("file", "bin.000001", "pos", 400L, "ts_sec", (T0 - 3_600_000) / 1000);
        wall.advance(1_000);
        clock.heartbeat(offset, wall.millis());
        wall.advance(1_000);
        clock.heartbeat(offset, wall.millis());
        wall.advance(300);

        assertThat(clock.lagSeconds()).isEqualTo(0.3);
        assertThat(clock.heartbeatAgeSeconds()).isEqualTo(0.3);
    }

    @Test
    void heartbeatAfterNewBinlogEventsOnlyVouchesForThoseEvents() {
        clock.changeRelayed(Instant.ofEpochMilli(T0 - 30_000));
        clock.heartbeat(Map.of("file", "bin.000001", "pos", 400L, "ts_sec", (T0 - 30_000) / 1000), T0);
        clock.heartbeat(Map.of("file", "bin.000001", "pos", 900L, "ts_sec", (T0 - 20_000) / 1000), T0);

        assertThat(clock.lagSeconds()).isEqualTo(20.0); // catching up: the heartbeat's wall time is not trusted
    }

    @Test
    void heartbeatAgeGrowsWhenNothingIsHandled() {
        clock.heartbeat(Map.of("pos", 1L), wall.millis());
        wall.advance(4_000);

        assertThat(clock.heartbeatAgeSeconds()).isEqualTo(4.0);
        assertThat(clock.lagSeconds()).isGreaterThanOrEqualTo(4.0);
    }

    @Test
    void futureCreatedAtFromASkewedWriterClockNeverMakesLagNegative() {
        clock.changeRelayed(Instant.ofEpochMilli(T0 + 10_000));

        assertThat(clock.lagSeconds()).isEqualTo(0.0);
    }

    private static final class MutableClock extends Clock {
        private long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
