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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code sweep-interval}: gives PENDING and FAILED notifications with attempts left another delivery round
 * (those whose creator crashed are found once their lease expires), and announces SENT ones whose
 * NotificationSent never committed. One query per pass (mongo-java-server scans). Also refreshes the gauge
 * {@code firedrill_notification_backlog{state=pending|failed|exhausted|parked}} (failed = with attempts left,
 * exhausted = FAILED for good).
 */
@Component
class RetrySweep {

    private static final Logger log = LoggerFactory.getLogger(RetrySweep.class);
    /** Documents one pass reads; the backlog gauges saturate here (a larger backlog is logged). */
    private static final int SCAN_LIMIT = 2000;

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
            List<Notification> unfinished = notifications.findUnfinished(SCAN_LIMIT);
            int rounds = 0;
            int announced = 0;
            long pendingNow = 0;
            long failedNow = 0;
            long exhaustedNow = 0;
            for (Notification n : unfinished) {
                if (n.status() == NotificationStatus.PENDING) {
                    pendingNow++;
                } else if (n.status() == NotificationStatus.FAILED && n.attempts() >= properties.maxAttempts()) {
                    exhaustedNow++;
                } else if (n.status() == NotificationStatus.FAILED) {
                    failedNow++;
                }
                if (n.needsAnnouncement()) {
                    // Only once the transaction that sent it has had ample time to commit (and flag it) itself.
                    if (n.sentAt().isBefore(now.minus(properties.unannouncedAfter())) && announced < properties.sweepBatch()) {
                        announce(n);
                        announced++;
                    }
                } else if (rounds < properties.sweepBatch() && n.isDeliverable(now, properties.maxAttempts()) && delivery.claim(n)) {
                    rounds++;
                    if (delivery.deliver(n) == DeliveryService.Outcome.SENT) {
                        announce(n);
                    }
                }
            }
            if (rounds > 0 || announced > 0) {
                log.info("sweep: {} delivery round(s), {} late announcement(s)", rounds, announced);
            }
            if (unfinished.size() >= SCAN_LIMIT) {
                long total = notifications.countUnfinished();
                log.warn("notification backlog of {} exceeds the sweep's scan of {}", total, SCAN_LIMIT);
            }
            pending.set(pendingNow);
            failed.set(failedNow);
            exhausted.set(exhaustedNow);
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
