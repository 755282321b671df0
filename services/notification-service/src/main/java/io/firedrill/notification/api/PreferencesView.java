package io.firedrill.notification.api;

import io.firedrill.notification.domain.Preferences;
import java.time.Instant;
import java.util.UUID;

/** A customer's preferences; {@code source} is {@code default} until the customer chooses. */
record PreferencesView(UUID customerId, boolean email, boolean sms, boolean push, String source, Instant updatedAt) {

    static PreferencesView of(Preferences p) {
        return new PreferencesView(p.customerId(), p.email(), p.sms(), p.push(), p.isDefault() ? "default" : "customer",
                p.updatedAt());
    }
}
