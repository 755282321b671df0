package io.firedrill.notification.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A customer's channels. Customers who never chose get {@link #defaults}: email on, SMS and push off.
 *
 * @param updatedAt null for the defaults (never stored)
 */
public record Preferences(UUID customerId, boolean email, boolean sms, boolean push, Instant updatedAt) {

    public Preferences {
        Objects.requireNonNull(customerId, "customerId");
    }

    public static Preferences defaults(UUID customerId) {
        return new Preferences(customerId, true, false, false, null);
    }

    public boolean isDefault() {
        return updatedAt == null;
    }

    public Set<Channel> enabledChannels() {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (email) {
            channels.add(Channel.EMAIL);
        }
        if (sms) {
            channels.add(Channel.SMS);
        }
        if (push) {
            channels.add(Channel.PUSH);
        }
        return channels;
    }
}
