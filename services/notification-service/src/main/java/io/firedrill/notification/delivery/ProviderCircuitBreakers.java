package io.firedrill.notification.delivery;

import io.firedrill.notification.admin.NotificationSettings;
import io.firedrill.notification.domain.Channel;
import io.firedrill.notification.domain.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One breaker per channel, rebuilt (closed) whenever the breaker settings change.
 * Gauge {@code firedrill_notification_circuit_state{channel}}: 0 closed, 1 half-open, 2 open.
 */
@Component
class ProviderCircuitBreakers {

    private record Config(int threshold, Duration openFor) {}

    private final NotificationSettings settings;
    private final Clock clock;
    private final Map<Channel, CircuitBreaker> breakers = new EnumMap<>(Channel.class);
    private Config config;

    ProviderCircuitBreakers(NotificationSettings settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        for (Channel channel : Channel.values()) {
            Gauge.builder("firedrill_notification_circuit_state", () -> switch (state(channel)) {
                        case CLOSED -> 0;
                        case HALF_OPEN -> 1;
                        case OPEN -> 2;
                    })
                    .description("Provider circuit breaker per channel: 0 closed, 1 half-open, 2 open")
                    .tag("channel", channel.name())
                    .register(meters);
        }
    }

    synchronized CircuitBreaker of(Channel channel) {
        NotificationSettings.Snapshot s = settings.current();
        Config wanted = new Config(s.breakerFailureThreshold(), s.breakerOpenFor());
        if (!wanted.equals(config)) {
            for (Channel c : Channel.values()) {
                breakers.put(c, new CircuitBreaker(wanted.threshold(), wanted.openFor()));
            }
            config = wanted;
        }
        return breakers.get(channel);
    }

    /** Closes every breaker (fresh ones with the current settings). */
    synchronized void reset() {
        config = null;
    }

    CircuitBreaker.State state(Channel channel) {
        return of(channel).state(clock.instant());
    }
}
