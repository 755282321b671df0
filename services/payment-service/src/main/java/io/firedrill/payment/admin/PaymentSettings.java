package io.firedrill.payment.admin;

import io.firedrill.payment.PaymentProperties;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The runtime settings chaos scenarios turn: how slow the provider is and how many extra orders it declines, starting
 * from {@link PaymentProperties}. Read on every provider call. Changed through {@code /admin/settings} on the
 * management port ({@link PaymentSettingsAdmin}).
 */
@Component
public class PaymentSettings {

    static final Duration MAX_LATENCY = Duration.ofMinutes(1);

    /** An immutable view of the settings at one moment. */
    public record Snapshot(Duration providerLatency, double declineRatio) {}

    private final Snapshot configured;
    private volatile Snapshot current;

    PaymentSettings(PaymentProperties properties) {
        this.configured = new Snapshot(properties.providerLatency(), properties.declineRatio());
        this.current = configured;
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

    /** Back to the configured values. */
    public synchronized Snapshot reset() {
        current = configured;
        return configured;
    }

    public static void check(Duration latency, double declineRatio) {
        if (latency == null || latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("providerLatency must be between 0 and " + MAX_LATENCY.toSeconds() + "s, got " + latency);
        }
        if (!(declineRatio >= 0 && declineRatio <= 1)) {
            throw new IllegalArgumentException("declineRatio must be between 0 and 1, got " + declineRatio);
        }
    }
}
