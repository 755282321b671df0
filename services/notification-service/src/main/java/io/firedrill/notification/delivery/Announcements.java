package io.firedrill.notification.delivery;

import io.firedrill.messaging.OutboxWriter;
import io.firedrill.notification.domain.Notification;
import io.firedrill.notification.persistence.NotificationRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Announces a sent notification: {@code NotificationSent} goes into the outbox in the caller's MariaDB transaction,
 * and only after that transaction commits is the document flagged {@code announced}. If the transaction rolls
 * back, the flag stays false and the redelivered event (or the sweep) announces again: at least once, never lost.
 */
@Component
public class Announcements {

    private final OutboxWriter outbox;
    private final NotificationRepository notifications;

    Announcements(OutboxWriter outbox, NotificationRepository notifications) {
        this.outbox = outbox;
        this.notifications = notifications;
    }

    /** Must run inside a transaction (the dispatcher's, or the sweep's). */
    public void announce(Notification sent) {
        outbox.append(sent.announcement(), sent.tenantRegion());
        String id = sent.id();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                notifications.markAnnounced(id);
            }
        });
    }
}
