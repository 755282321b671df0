package io.firedrill.notification.admin;

import io.firedrill.notification.NotificationProperties;
import io.firedrill.notification.NotificationProperties.ProviderBehaviour;
import io.firedrill.notification.domain.Channel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * What the notification-provider-failure scenario changes while the service runs: the simulated provider's failure
 * ratio and latency per channel, and the circuit breaker. Starts from {@link NotificationProperties}; changed through
 * {@code /admin/settings} on the management port; every reader takes one consistent {@link Snapshot}.
 */
@Component
public class NotificationSettings {

    public record Snapshot(Map<Channel, ProviderBehaviour> provider, int breakerFailureThreshold, Duration breakerOpenFor) {
        public Snapshot {
            provider = Map.copyOf(new EnumMap<>(provider));
            if (provider.size() != Channel.values().length) {
                throw new IllegalArgumentException("provider behaviour needed for every channel, got " + provider.keySet());
            }
            if (breakerFailureThreshold < 0 || breakerFailureThreshold > 1000) {
                throw new IllegalArgumentException("breaker failure threshold must be within [0, 1000], got " + breakerFailureThreshold);
            }
            if (breakerOpenFor.isNegative() || breakerOpenFor.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("breaker open-for must be within [0, 10m], got " + breakerOpenFor);
            }
        }

        public ProviderBehaviour provider(Channel channel) {
            return provider.get(channel);
        }
    }

    private final Snapshot configured;
    private final AtomicReference<Snapshot> current;

    public NotificationSettings(NotificationProperties properties) {
        this.configured = new Snapshot(properties.provider(), properties.breaker().failureThreshold(),
                properties.breaker().openFor());
        this.current = new AtomicReference<>(configured);
    }

    public Snapshot current() {
        return current.get();
    }

    /** Applies {@code change} atomically; an invalid result throws and leaves the settings as they were. */
    public Snapshot update(UnaryOperator<Snapshot> change) {
        return current.updateAndGet(change);
    }

    public Snapshot reset() {
        current.set(configured);
        return configured;
    }
}
