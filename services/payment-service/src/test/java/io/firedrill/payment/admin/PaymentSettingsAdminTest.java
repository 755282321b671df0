package io.firedrill.payment.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.admin.ChaosLevers;
import io.firedrill.payment.PaymentProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings holder and its /admin/settings view, without the stack. */
class PaymentSettingsAdminTest {

    private final PaymentSettings settings = new PaymentSettings(
            new PaymentProperties(Duration.ofMillis(50), 0, 42, Duration.ofSeconds(10), true, Duration.ofSeconds(1), Duration.ofMinutes(10)));
    private final PaymentSettingsAdmin admin = new PaymentSettingsAdmin(settings);

    @Test
    void showsTheFieldsTheLeverTableDeclares() {
        assertThat(admin.fields()).isEqualTo(ChaosLevers.PAYMENT.fields());
        assertThat(admin.view()).isEqualTo(Map.of("providerLatency", "50ms", "declineRatio", 0.0, "refundFailureRatio", 0.0, "dedup", true));
    }

    @Test
    void theResetRestoresTheConfiguredValues() {
        settings.update(Duration.ofSeconds(2), 0.25, 1.0);
        assertThat(admin.view()).isEqualTo(Map.of("providerLatency", "2000ms", "declineRatio", 0.25, "refundFailureRatio", 1.0, "dedup", true));

        assertThat(admin.reset()).isEqualTo(Map.of("providerLatency", "50ms", "declineRatio", 0.0, "refundFailureRatio", 0.0, "dedup", true));
    }

    @Test
    void aValueOutOfRangeChangesNothing() {
        assertThatThrownBy(() -> settings.update(null, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declineRatio must be between 0 and 1");
        assertThatThrownBy(() -> settings.update(Duration.ofSeconds(1), null, -0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refundFailureRatio must be between 0 and 1");
        assertThat(settings.current()).isEqualTo(new PaymentSettings.Snapshot(Duration.ofMillis(50), 0, 0, true));
    }
}
