package io.firedrill.cdcrelay.relay;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Tracks the two freshness signals of the relay.
 *
 * <p><b>Lag</b> is now minus the watermark: the source time up to which every change has been relayed. A relayed
 * change moves it to the time the row was written. A heartbeat moves it too, so an idle relay does not look late:
 * if the binlog position did not move since the previous heartbeat, nothing was committed in between and the relay
 * is caught up at the heartbeat's own time; otherwise the heartbeat only proves the relay is through the binlog
 * event it follows ({@code ts_sec} of the offset). Heartbeats generated while the reader catches up on old binlog
 * therefore never claim a fresher watermark than the data they follow.
 *
 * <p><b>Heartbeat age</b> is now minus the last time the relay handled any record (change or heartbeat): it grows
 * while the relay is paused, blocked on Kafka, or the database stalls.
 *
 * <p>Both start at the relay's start time, so a relay that never streams shows growing values, not zeros. The
 * first observation replaces that provisional watermark even if older, so a restart with a backlog shows its age.
 */
final class RelayClock {

    private static final String OFFSET_TS_SEC = "ts_sec";

    private final Clock clock;
    private volatile long watermarkMillis;
    private volatile long lastSeenMillis;
    private boolean provisional = true;
    private Map<String, ?> previousHeartbeatPosition;

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

    synchronized void heartbeat(Map<String, ?> offset, long heartbeatMillis) {
        long now = clock.millis();
        Map<String, ?> position = position(offset);
        if (position.equals(previousHeartbeatPosition)) {
            advance(Math.min(heartbeatMillis, now));
        }
        else if (!provisional && offset != null && offset.get(OFFSET_TS_SEC) instanceof Number seconds) {
            // (While provisional, ts_sec may be the last event of a long-idle binlog: wait for a firmer signal.)
            advance(Math.min(seconds.longValue() * 1000L, now));
        }
        previousHeartbeatPosition = position;
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

    private static Map<String, ?> position(Map<String, ?> offset) {
        Map<String, Object> position = new HashMap<>();
        if (offset != null) {
            position.putAll(offset);
            position.remove(OFFSET_TS_SEC);
        }
        return position;
    }
}
