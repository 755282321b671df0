package io.firedrill.payment.admin;

import io.firedrill.payment.PaymentProperties;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The runtime settings chaos scenarios turn: how slow the provider is, how many extra orders it declines, how many
 * refunds it fails and whether a redelivered AuthorizePayment is recognised (dedup), starting from
 * {@link PaymentProperties} (refunds always succeed at the start). Read on every provider call. Changed through
 * {@code /admin/settings} on the management port ({@link PaymentSettingsAdmin}).
 */
@Component
public class PaymentSettings {

    static final Duration MAX_LATENCY = Duration.ofMinutes(1);

    /** An immutable view of the settings at one moment. */
    public record Snapshot(Duration providerLatency, double declineRatio, double refundFailureRatio, boolean dedup) {}

    private final Snapshot configured;
    private volatile Snapshot current;

    PaymentSettings(PaymentProperties properties) {
        this.configured = new Snapshot(properties.providerLatency(), properties.declineRatio(), 0, properties.dedup());
        this.current = configured;
    }

    public Snapshot current() {
        return current;
    }

    /** Applies the given values (null = unchanged) at once; returns the new settings. */
    public Snapshot update(Duration providerLatency, Double declineRatio) {
        return update(providerLatency, declineRatio, null, null);
    }

    /** Applies the given values (null = unchanged) at once; returns the new settings. */
    public Snapshot update(Duration providerLatency, Double declineRatio, Boolean dedup) {
        return update(providerLatency, declineRatio, null, dedup);
    }

    /** Applies the given values (null = unchanged) at once; returns the new settings. */
    public Snapshot update(Duration providerLatency, Double declineRatio, Double refundFailureRatio) {
        return update(providerLatency, declineRatio, refundFailureRatio, null);
    }

    /** Applies the given values (null = unchanged) at once, or none of them when one is out of range. */
    public synchronized Snapshot update(Duration providerLatency, Double declineRatio, Double refundFailureRatio, Boolean dedup) {
        Snapshot next = new Snapshot(providerLatency != null ? providerLatency : current.providerLatency(),
                declineRatio != null ? declineRatio : current.declineRatio(),
                refundFailureRatio != null ? refundFailureRatio : current.refundFailureRatio(),
                dedup != null ? dedup : current.dedup());
        check(next.providerLatency(), next.declineRatio());
        ratio("refundFailureRatio", next.refundFailureRatio());
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
        ratio("declineRatio", declineRatio);
    }

    private static void ratio(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }
}
