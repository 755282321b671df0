package io.firedrill.notification.api;

import io.firedrill.notification.domain.Notification;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored notification as the API shows it. */
record NotificationView(String id, UUID notificationId, UUID orderId, UUID customerId, String channel, String template,
                        String subject, String body, Map<String, String> data, String status, int attempts,
                        String lastError, String tenantRegion, Instant createdAt, Instant updatedAt, Instant sentAt,
                        Instant nextAttemptAt) {

    static NotificationView of(Notification n) {
        return new NotificationView(n.id(), n.notificationId(), n.orderId(), n.customerId(), n.channel().name(),
                n.template().templateName(), n.subject(), n.body(), n.data(), n.status().name(), n.attempts(),
                n.lastError(), n.tenantRegion().id(), n.createdAt(), n.updatedAt(), n.sentAt(), n.nextAttemptAt());
    }
}
