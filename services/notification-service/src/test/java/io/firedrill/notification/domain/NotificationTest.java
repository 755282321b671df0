package io.firedrill.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.NotificationSent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationTest {

    private final UUID orderId = UUID.randomUUID();
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    private Notification fresh() {
        return Notification.pending(orderId, UUID.randomUUID(), Channel.SMS, Template.SHIPMENT_CREATED,
                Map.of("labelKey", "labels/k.png"), TenantRegion.EU_WEST, t0, t0.plusSeconds(60));
    }

    @Test
    void idIsDeterministicPerOrderEventAndChannel() {
        Notification a = fresh();
        Notification b = fresh();
        assertThat(a.id()).isEqualTo(orderId + ":ShipmentCreated:SMS").isEqualTo(b.id());
        assertThat(a.notificationId()).isEqualTo(b.notificationId());
    }

    @Test
    void failsAfterARoundThenIsSentByALaterOneAndAnnounced() {
        Notification n = fresh();
        assertThat(n.isDeliverable(t0, 12)).as("leased to its creator").isFalse();
        n.attemptFailed("boom", t0);
        n.markFailed(t0, t0.plusSeconds(5));
        assertThat(n.status()).isEqualTo(NotificationStatus.FAILED);
        assertThat(n.isDeliverable(t0.plusSeconds(1), 12)).isFalse();
        assertThat(n.isDeliverable(t0.plusSeconds(5), 12)).isTrue();
        assertThat(n.isDeliverable(t0.plusSeconds(5), 1)).as("no attempts left").isFalse();

        n.claim(t0.plusSeconds(5), t0.plusSeconds(65));
        n.markSent(t0.plusSeconds(6));
        assertThat(n.attempts()).isEqualTo(2);
        assertThat(n.needsAnnouncement()).isTrue();
        assertThat(n.announcement()).isEqualTo(new NotificationSent(n.notificationId(), orderId, NotificationSent.Channel.SMS));
    }

    @Test
    void refusesToChangeASentNotification() {
        Notification n = fresh();
        n.markSent(t0);
        assertThatThrownBy(() -> n.markSent(t0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> n.attemptFailed("x", t0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> n.claim(t0, t0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fresh().announcement()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cannotFailWithoutAReasonNorClaimWhatIsLeased() {
        Notification n = fresh();
        assertThatThrownBy(() -> n.markFailed(t0, t0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> n.claim(t0.plusSeconds(1), t0.plusSeconds(2))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void defaultPreferencesAreEmailOnly() {
        assertThat(Preferences.defaults(UUID.randomUUID()).enabledChannels()).containsExactly(Channel.EMAIL);
    }
}
