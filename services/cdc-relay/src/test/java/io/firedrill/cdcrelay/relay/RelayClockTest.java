package io.firedrill.cdcrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
    void heartbeatsOfACaughtUpReaderKeepAnIdleRelayNearZeroLag() {
        wall.advance(60_000);
        clock.heartbeat(wall.millis() - 300, 0);
        wall.advance(200);

        assertThat(clock.lagSeconds()).isEqualTo(0.5);
        assertThat(clock.heartbeatAgeSeconds()).isEqualTo(0.2);
    }

    @Test
    void heartbeatOfAReaderCatchingUpOnOldBinlogOnlyVouchesForWhatItRead() {
        clock.changeRelayed(Instant.ofEpochMilli(T0 - 30_000));
        clock.heartbeat(T0, 20_000);

        assertThat(clock.lagSeconds()).isEqualTo(20.0);
    }

    @Test
    void heartbeatAgeGrowsWhenNothingIsHandled() {
        clock.heartbeat(wall.millis(), 0);
        wall.advance(4_000);

        assertThat(clock.heartbeatAgeSeconds()).isEqualTo(4.0);
        assertThat(clock.lagSeconds()).isEqualTo(4.0);
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
