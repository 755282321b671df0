package io.firedrill.payment;

import io.firedrill.web.admin.AdjustableSettings;
import io.firedrill.web.admin.SettingsChange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The runtime settings chaos scenarios turn, served on the management port at {@code /admin/settings} (admin token):
 * how slow the provider is and how many extra orders it declines. {@code PATCH {"providerLatency": "2s",
 * "declineRatio": 0.3}} (any subset; a duration or milliseconds, a ratio 0..1), {@code DELETE} back to
 * {@link PaymentProperties}. Read on every provider call.
 */
@Component
public class PaymentSettings implements AdjustableSettings {

    static final Duration MAX_LATENCY = Duration.ofMinutes(1);

    /** An immutable view of the settings at one moment. */
    public record Snapshot(Duration providerLatency, double declineRatio) {}

    private final Snapshot configured;
    private volatile Snapshot current;

    PaymentSettings(PaymentProperties properties) {
        this.configured = new Snapshot(properties.providerLatency(), properties.declineRatio());
        this.current = configured;
    }

    @Override
    public Set<String> fields() {
        return Set.of("providerLatency", "declineRatio");
    }

    @Override
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("providerLatency", current.providerLatency().toMillis() + "ms");
        view.put("declineRatio", current.declineRatio());
        return view;
    }

    @Override
    public Map<String, Object> change(SettingsChange change) {
        update(change.duration("providerLatency").orElse(null), change.number("declineRatio").orElse(null));
        return view();
    }

    @Override
    public synchronized Map<String, Object> reset() {
        current = configured;
        return view();
    }

    public Snapshot current() {
        return current;
    }

    /** Applies the given values (null = unchanged) at once; returns the new settings. */
    public synchronized Snapshot update(Duration providerLatency, Double declineRatio) {
        Snapshot next = new Snapshot(providerLatency != null ? providerLatency : current.providerLatency(),
                declineRatio != null ? declineRatio : current.declineRatio());
        check(next.providerLatency(), next.declineRatio());
        current = next;
        return next;
    }

    static void check(Duration latency, double declineRatio) {
        if (latency == null || latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("providerLatency must be between 0 and " + MAX_LATENCY.toSeconds() + "s, got " + latency);
        }
        if (!(declineRatio >= 0 && declineRatio <= 1)) {
            throw new IllegalArgumentException("declineRatio must be between 0 and 1, got " + declineRatio);
        }
    }
}
