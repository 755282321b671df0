package io.firedrill.inventory.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.admin.ChaosLevers;
import io.firedrill.inventory.InventoryProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings holder and its /admin/settings view, without the stack. */
class InventorySettingsAdminTest {

    private final InventorySettings settings = new InventorySettings(
            new InventoryProperties(true, Duration.ofMillis(500), 100, 20, Duration.ofSeconds(1)));
    private final InventorySettingsAdmin admin = new InventorySettingsAdmin(settings);

    @Test
    void showsTheFieldsTheLeverTableDeclares() {
        assertThat(admin.fields()).isEqualTo(ChaosLevers.INVENTORY.fields());
        assertThat(admin.view()).isEqualTo(Map.of("confirmGuard", true, "reaperInterval", "500ms"));
    }

    @Test
    void anUpdateReachesTheListenersAndTheResetRestoresTheConfiguredValues() {
        List<InventorySettings.Snapshot> heard = new ArrayList<>();
        settings.onChange(heard::add);

        settings.update(false, Duration.ofMillis(250));
        assertThat(admin.view()).isEqualTo(Map.of("confirmGuard", false, "reaperInterval", "250ms"));

        assertThat(admin.reset()).isEqualTo(Map.of("confirmGuard", true, "reaperInterval", "500ms"));
        assertThat(heard).extracting(InventorySettings.Snapshot::confirmGuard).containsExactly(false, true);
    }

    @Test
    void anIntervalOutOfRangeChangesNothing() {
        assertThatThrownBy(() -> settings.update(false, Duration.ofMillis(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reaperInterval must be between 10ms and 1h");
        assertThat(settings.current()).isEqualTo(new InventorySettings.Snapshot(true, Duration.ofMillis(500)));
    }
}
