package io.firedrill.notification.delivery;

import io.firedrill.notification.NotificationProperties.ProviderBehaviour;
import io.firedrill.notification.domain.Channel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * Runtime settings on the management port ({@code 127.0.0.1:17205/actuator/settings}), the lever of the
 * notification-provider-failure scenario:
 * <ul>
 *   <li>{@code GET} shows provider behaviour per channel, the breaker settings and each breaker's state;</li>
 *   <li>{@code POST {"channel":"email","failureRatio":1.0,"latency":"1500ms"}} changes the named fields for one
 *       channel, or for all channels when {@code channel} is absent or {@code "all"};
 *       {@code breakerFailureThreshold} (0 = no breaker) and {@code breakerOpenFor} change the breaker;</li>
 *   <li>{@code DELETE} restores the configured values and closes the breakers.</li>
 * </ul>
 * An invalid value answers 400 and changes nothing. Auth hook: the port listens on 127.0.0.1 only; a bearer-token
 * check belongs here before any write once the chaos runner has one.
 */
@Component
@Endpoint(id = "settings")
class SettingsEndpoint {

    private final RuntimeSettings settings;
    private final ProviderCircuitBreakers breakers;

    SettingsEndpoint(RuntimeSettings settings, ProviderCircuitBreakers breakers) {
        this.settings = settings;
        this.breakers = breakers;
    }

    @ReadOperation
    Map<String, Object> read() {
        return view(settings.current());
    }

    @WriteOperation
    Map<String, Object> update(@Nullable String channel, @Nullable Double failureRatio, @Nullable String latency,
                               @Nullable Integer breakerFailureThreshold, @Nullable String breakerOpenFor) {
        try {
            List<Channel> targets = channel == null || channel.isBlank() || channel.equalsIgnoreCase("all")
                    ? List.of(Channel.values()) : List.of(Channel.valueOf(channel.trim().toUpperCase(Locale.ROOT)));
            Duration newLatency = latency == null ? null : DurationStyle.detectAndParse(latency.trim());
            return view(settings.update(s -> {
                Map<Channel, ProviderBehaviour> provider = new EnumMap<>(s.provider());
                for (Channel c : targets) {
                    ProviderBehaviour old = provider.get(c);
                    provider.put(c, new ProviderBehaviour(failureRatio != null ? failureRatio : old.failureRatio(),
                            newLatency != null ? newLatency : old.latency()));
                }
                return new RuntimeSettings.Snapshot(provider,
                        breakerFailureThreshold != null ? breakerFailureThreshold : s.breakerFailureThreshold(),
                        breakerOpenFor != null ? DurationStyle.detectAndParse(breakerOpenFor.trim()) : s.breakerOpenFor());
            }));
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException("invalid settings: " + e.getMessage(), e.getMessage());
        }
    }

    @DeleteOperation
    Map<String, Object> reset() {
        RuntimeSettings.Snapshot configured = settings.reset();
        breakers.reset();
        return view(configured);
    }

    private Map<String, Object> view(RuntimeSettings.Snapshot s) {
        Map<String, Object> channels = new LinkedHashMap<>();
        for (Channel c : Channel.values()) {
            ProviderBehaviour b = s.provider(c);
            channels.put(c.name().toLowerCase(Locale.ROOT), Map.of(
                    "failureRatio", b.failureRatio(),
                    "latency", b.latency().toMillis() + "ms",
                    "circuit", breakers.state(c).name().toLowerCase(Locale.ROOT)));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("channels", channels);
        view.put("breakerFailureThreshold", s.breakerFailureThreshold());
        view.put("breakerOpenFor", s.breakerOpenFor().toMillis() + "ms");
        return view;
    }
}
