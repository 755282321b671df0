package io.firedrill.notification.delivery;

import io.firedrill.notification.NotificationProperties;
import io.firedrill.notification.domain.Notification;
import io.firedrill.notification.domain.NotificationStatus;
import io.firedrill.notification.persistence.NotificationRepository;
import io.firedrill.notification.persistence.OrderDirectory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code sweep-interval}: gives PENDING and FAILED notifications with attempts left another delivery round
 * (those whose creator crashed are found once their lease expires), and announces SENT ones whose
 * NotificationSent never committed. Also refreshes the backlog gauge
 * {@code firedrill_notification_backlog{state=pending|failed|exhausted|parked}}.
 */
@Component
class RetrySweep {

    private static final Logger log = LoggerFactory.getLogger(RetrySweep.class);

    private final NotificationRepository notifications;
    private final OrderDirectory directory;
    private final DeliveryService delivery;
    private final Announcements announcements;
    private final TransactionTemplate transactions;
    private final NotificationProperties properties;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong exhausted = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();

    RetrySweep(NotificationRepository notifications, OrderDirectory directory, DeliveryService delivery,
               Announcements announcements, TransactionTemplate transactions, NotificationProperties properties,
               Clock clock, MeterRegistry meters) {
        this.notifications = notifications;
        this.directory = directory;
        this.delivery = delivery;
        this.announcements = announcements;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        backlog(meters, "pending", pending);
        backlog(meters, "failed", failed);
        backlog(meters, "exhausted", exhausted);
        backlog(meters, "parked", parked);
    }

    private static void backlog(MeterRegistry meters, String state, AtomicLong value) {
        Gauge.builder("firedrill_notification_backlog", value, AtomicLong::get)
                .description("Notifications not delivered yet, by state, as of the last sweep")
                .tag("state", state)
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${firedrill.notification.sweep-interval:5s}",
            initialDelayString = "${firedrill.notification.sweep-interval:5s}")
    void sweep() {
        try {
            Instant now = clock.instant();
            int retried = 0;
            for (Notification n : notifications.findDeliverable(now, properties.maxAttempts(), properties.sweepBatch())) {
                if (delivery.claim(n)) {
                    retried++;
                    if (delivery.deliver(n) == DeliveryService.Outcome.SENT) {
                        announce(n);
                    }
                }
            }
            int announced = 0;
            for (Notification n : notifications.findUnannounced(now.minus(properties.unannouncedAfter()), properties.sweepBatch())) {
                announce(n);
                announced++;
            }
            if (retried > 0 || announced > 0) {
                log.info("sweep: {} delivery round(s), {} late announcement(s)", retried, announced);
            }
            pending.set(notifications.count(NotificationStatus.PENDING));
            failed.set(notifications.count(NotificationStatus.FAILED));
            exhausted.set(notifications.countExhausted(properties.maxAttempts()));
            parked.set(directory.countParked());
        } catch (RuntimeException e) {
            // Mongo or MariaDB unavailable: the next pass tries again; the documents keep the state.
            log.warn("notification sweep failed: {}", e.toString());
        }
    }

    private void announce(Notification n) {
        transactions.executeWithoutResult(status -> announcements.announce(n));
    }
}
