package io.firedrill.notification.delivery;

import io.firedrill.contracts.admin.ChaosLevers;
import io.firedrill.notification.NotificationProperties.ProviderBehaviour;
import io.firedrill.notification.admin.NotificationSettings;
import io.firedrill.notification.domain.Channel;
import io.firedrill.web.admin.AdjustableSettings;
import io.firedrill.web.admin.SettingsChange;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@link NotificationSettings} on the management port's {@code /admin/settings} (admin token), the lever of the
 * notification-provider-failure scenario:
 * <ul>
 *   <li>{@code GET} shows provider behaviour per channel, the breaker settings and each breaker's state;</li>
 *   <li>{@code PATCH {"channel":"email","failureRatio":1.0,"latency":"1500ms"}} changes the named fields for one
 *       channel, or for all channels when {@code channel} is absent or {@code "all"};
 *       {@code breakerFailureThreshold} (0 = no breaker) and {@code breakerOpenFor} change the breaker;</li>
 *   <li>{@code DELETE} restores the configured values and closes the breakers.</li>
 * </ul>
 * An invalid value answers 400 (wrong type) or 422 (out of range) and changes nothing.
 */
@Component
class NotificationSettingsAdmin implements AdjustableSettings {

    private final NotificationSettings settings;
    private final ProviderCircuitBreakers breakers;

    NotificationSettingsAdmin(NotificationSettings settings, ProviderCircuitBreakers breakers) {
        this.settings = settings;
        this.breakers = breakers;
    }

    @Override
    public Set<String> fields() {
        return ChaosLevers.NOTIFICATION.fields();
    }

    @Override
    public Map<String, Object> view() {
        return view(settings.current());
    }

    @Override
    public Map<String, Object> change(SettingsChange change) {
        String channel = change.text("channel").orElse("all");
        List<Channel> targets;
        try {
            targets = channel.equalsIgnoreCase("all") ? List.of(Channel.values())
                    : List.of(Channel.valueOf(channel.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel must be all or one of " + List.of(Channel.values()) + ", got " + channel);
        }
        Double failureRatio = change.number("failureRatio").orElse(null);
        Duration latency = change.duration("latency").orElse(null);
        Integer threshold = change.integer("breakerFailureThreshold").orElse(null);
        Duration openFor = change.duration("breakerOpenFor").orElse(null);
        return view(settings.update(s -> {
            Map<Channel, ProviderBehaviour> provider = new EnumMap<>(s.provider());
            for (Channel c : targets) {
                ProviderBehaviour old = provider.get(c);
                provider.put(c, new ProviderBehaviour(failureRatio != null ? failureRatio : old.failureRatio(),
                        latency != null ? latency : old.latency()));
            }
            return new NotificationSettings.Snapshot(provider, threshold != null ? threshold : s.breakerFailureThreshold(),
                    openFor != null ? openFor : s.breakerOpenFor());
        }));
    }

    @Override
    public Map<String, Object> reset() {
        NotificationSettings.Snapshot configured = settings.reset();
        breakers.reset();
        return view(configured);
    }

    private Map<String, Object> view(NotificationSettings.Snapshot s) {
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
