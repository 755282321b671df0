package io.firedrill.cdcrelay.admin;

import io.firedrill.cdcrelay.relay.OutboxRelay;
import io.firedrill.contracts.admin.ChaosLevers;
import io.firedrill.web.admin.AdjustableSettings;
import io.firedrill.web.admin.SettingsChange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The relay's runtime lever on the management port's {@code /admin/settings} (admin token), for the cdc-lag scenario:
 * {@code PATCH {"paused": true}} stops relaying (the outbox rows wait in the binlog), {@code {"paused": false}} or
 * {@code DELETE} resumes. {@code GET} shows {@code paused} beside the relay's state, lag and heartbeat age (read-only).
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
        change.bool("paused").ifPresent(paused -> {
            if (paused) {
                relay.pause();
            } else {
                relay.resume();
            }
        });
        return view();
    }

    @Override
    public Map<String, Object> reset() {
        relay.resume();
        return view();
    }
}
