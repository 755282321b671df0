package io.firedrill.payment.admin;

import io.firedrill.contracts.admin.ChaosLevers;
import io.firedrill.web.admin.AdjustableSettings;
import io.firedrill.web.admin.SettingsChange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@link PaymentSettings} on the management port's {@code /admin/settings} (admin token):
 * {@code PATCH {"providerLatency": "2s", "declineRatio": 0.3, "refundFailureRatio": 1, "dedup": false}} (any subset; a
 * duration or milliseconds, ratios 0..1, a boolean),
 * {@code DELETE} back to the configured values.
 */
@Component
class PaymentSettingsAdmin implements AdjustableSettings {

    private final PaymentSettings settings;

    PaymentSettingsAdmin(PaymentSettings settings) {
        this.settings = settings;
    }

    @Override
    public Set<String> fields() {
        return ChaosLevers.PAYMENT.fields();
    }

    @Override
    public Map<String, Object> view() {
        return view(settings.current());
    }

    @Override
    public Map<String, Object> change(SettingsChange change) {
        // Parse every field first: a wrong type anywhere changes nothing.
        var latency = change.duration("providerLatency").orElse(null);
        Double decline = change.number("declineRatio").orElse(null);
        Double refundFailure = change.number("refundFailureRatio").orElse(null);
        Boolean dedup = change.bool("dedup").orElse(null);
        return view(settings.update(latency, decline, refundFailure, dedup));
    }

    @Override
    public Map<String, Object> reset() {
        return view(settings.reset());
    }

    private static Map<String, Object> view(PaymentSettings.Snapshot s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("providerLatency", s.providerLatency().toMillis() + "ms");
        view.put("declineRatio", s.declineRatio());
        view.put("refundFailureRatio", s.refundFailureRatio());
        view.put("dedup", s.dedup());
        return view;
    }
}
