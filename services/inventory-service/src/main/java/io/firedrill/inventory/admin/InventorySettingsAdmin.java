package io.firedrill.inventory.admin;

import io.firedrill.contracts.admin.ChaosLevers;
import io.firedrill.web.admin.AdjustableSettings;
import io.firedrill.web.admin.SettingsChange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@link InventorySettings} on the management port's {@code /admin/settings} (admin token):
 * {@code PATCH {"confirmGuard": false, "reaperInterval": "500ms"}} (any subset; a duration or milliseconds),
 * {@code DELETE} back to the configured values.
 */
@Component
class InventorySettingsAdmin implements AdjustableSettings {

    private final InventorySettings settings;

    InventorySettingsAdmin(InventorySettings settings) {
        this.settings = settings;
    }

    @Override
    public Set<String> fields() {
        return ChaosLevers.INVENTORY.fields();
    }

    @Override
    public Map<String, Object> view() {
        return view(settings.current());
    }

    @Override
    public Map<String, Object> change(SettingsChange change) {
        return view(settings.update(change.bool("confirmGuard").orElse(null), change.duration("reaperInterval").orElse(null)));
    }

    @Override
    public Map<String, Object> reset() {
        return view(settings.reset());
    }

    private static Map<String, Object> view(InventorySettings.Snapshot s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("confirmGuard", s.confirmGuard());
        view.put("reaperInterval", s.reaperInterval().toMillis() + "ms");
        return view;
    }
}
