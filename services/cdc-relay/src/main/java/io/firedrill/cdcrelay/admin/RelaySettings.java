package io.firedrill.cdcrelay.admin;

import io.firedrill.cdcrelay.relay.OutboxRelay;
import io.firedrill.contracts.admin.ChaosLevers;
import io.firedrill.web.admin.AdjustableSettings;
import io.firedrill.web.admin.SettingsChange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The relay's runtime levers on the management port's {@code /admin/settings} (admin token):
 * {@code paused} (the cdc-lag lever: {@code true} stops relaying, the outbox rows wait in the binlog; an operator's
 * deliberate pause, which the watchdog leaves alone), {@code engineStall} (the delayed-visibility fault: {@code true}
 * makes the running engine hang as a stuck engine does, until it is restarted; {@code false} releases it) and
 * {@code stallTimeout} (the watchdog's patience, {@code 0} turns its restarts off). {@code DELETE} resumes, releases
 * the stall and restores the configured stall timeout. {@code GET} shows them beside the relay's state, engine starts,
 * lag and heartbeat age (read-only).
 */
public final class RelaySettings implements AdjustableSettings {

    private final OutboxRelay relay;

    public RelaySettings(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public Set<String> fields() {
        return ChaosLevers.CDC_RELAY.fields();
    }

    @Override
    public Map<String, Object> view() {
        OutboxRelay.Status status = relay.status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("paused", status.paused());
        body.put("engineStall", status.engineStalled());
        body.put("stallTimeout", status.stallTimeout().toMillis() + "ms");
        body.put("state", status.state().name());
        body.put("streaming", status.streaming());
        body.put("engineStarts", status.engineStarts());
        body.put("lastError", status.lastError());
        body.put("lagSeconds", status.lagSeconds());
        body.put("heartbeatAgeSeconds", status.heartbeatAgeSeconds());
        return body;
    }

    @Override
    public Map<String, Object> change(SettingsChange change) {
        // Read (and type-check) every field before changing anything: a 400 or 422 changes nothing.
        Optional<Boolean> paused = change.bool("paused");
        Optional<Boolean> stall = change.bool("engineStall");
        Optional<Duration> stallTimeout = change.duration("stallTimeout");
        stallTimeout.ifPresent(relay::checkStallTimeout);
        stallTimeout.ifPresent(relay::stallTimeout);
        paused.ifPresent(p -> {
            if (p) {
                relay.pause();
            } else {
                relay.resume();
            }
        });
        stall.ifPresent(s -> {
            if (s) {
                relay.stallEngine();
            } else {
                relay.releaseStall();
            }
        });
        return view();
    }

    @Override
    public Map<String, Object> reset() {
        relay.resume();
        relay.releaseStall();
        relay.resetStallTimeout();
        return view();
    }
}
