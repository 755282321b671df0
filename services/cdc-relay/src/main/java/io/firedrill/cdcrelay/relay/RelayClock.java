package io.firedrill.cdcrelay.relay;

import java.time.Clock;
import java.time.Instant;

/**
 * Tracks the two freshness signals of the relay.
 *
 * <p><b>Lag</b> is now minus the watermark: the source time up to which every change has been relayed. A relayed
 * change moves it to the time the row was written. A heartbeat moves it too, so an idle relay does not look late: a
 * heartbeat reaching the relay means everything the binlog reader had read when it emitted the heartbeat is relayed,
 * and the reader was then {@code readerLag} behind the source (Debezium's MilliSecondsBehindSource, computed from the
 * header of every binlog event, captured or not, and 0 on the server's idle HEARTBEAT events). So the watermark is
 * the heartbeat time minus the reader lag: heartbeats emitted while the reader catches up on old binlog never claim
 * a fresher watermark than the binlog they follow. (An unknown reader lag counts as zero.)
 *
 * <p><b>Heartbeat age</b> is now minus the last time the relay handled any record (change or heartbeat): it grows
 * while the relay is paused, blocked on Kafka, or the database stalls.
 *
 * <p>Both start at the relay's start time, so a relay that never streams shows growing values, not zeros. The
 * first observation replaces that provisional watermark even if older, so a restart with a backlog shows its age.
 */
final class RelayClock {

    private final Clock clock;
    private volatile long watermarkMillis;
    private volatile long lastSeenMillis;
    private boolean provisional = true;

    RelayClock(Clock clock) {
        this.clock = clock;
        long now = clock.millis();
        this.watermarkMillis = now;
        this.lastSeenMillis = now;
    }

    void changeRelayed(Instant writtenAt) {
        long now = clock.millis();
        if (writtenAt != null) {
            advance(Math.min(writtenAt.toEpochMilli(), now));
        }
        lastSeenMillis = now;
    }

    void heartbeat(long heartbeatMillis, long readerLagMillis) {
        long now = clock.millis();
        advance(Math.min(heartbeatMillis - Math.max(0L, readerLagMillis), now));
        lastSeenMillis = now;
    }

    /** Something was handled (e.g. an ignored delete): the relay is alive, the watermark does not move. */
    void seen() {
        lastSeenMillis = clock.millis();
    }

    double lagSeconds() {
        return Math.max(0L, clock.millis() - watermarkMillis) / 1000.0;
    }

    double heartbeatAgeSeconds() {
        return Math.max(0L, clock.millis() - lastSeenMillis) / 1000.0;
    }

    private synchronized void advance(long millis) {
        if (provisional || millis > watermarkMillis) {
            watermarkMillis = millis;
            provisional = false;
        }
    }
}
