package io.firedrill.notification.delivery;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.notification.NotificationProperties;
import io.firedrill.notification.domain.Channel;
import io.firedrill.notification.domain.CircuitBreaker;
import io.firedrill.notification.domain.Notification;
import io.firedrill.notification.persistence.ConcurrentUpdate;
import io.firedrill.notification.persistence.NotificationRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * One delivery round for a notification its caller has claimed: up to {@code attempts-per-round} provider calls
 * with exponential backoff, each outcome written to the document. Ends SENT, FAILED (with the last reason, retried
 * by the sweep later while attempts remain) or DEFERRED (the channel's breaker is open: no attempt is spent).
 *
 * <p>Metrics: {@code firedrill_notification_delivery_total{channel,outcome,tenant_region}} with outcome
 * {@code sent} (delivered), {@code retried} (a call failed and another follows in the round), {@code failed} (the
 * round ended without delivery), {@code deferred}; {@code firedrill_notification_delivery_seconds{channel,outcome}}
 * times each provider call.
 */
@Service
public class DeliveryService {

    public enum Outcome { SENT, FAILED, DEFERRED, LOST_LEASE }

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final NotificationProvider provider;
    private final ProviderCircuitBreakers breakers;
    private final NotificationRepository notifications;
    private final NotificationProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    DeliveryService(NotificationProvider provider, ProviderCircuitBreakers breakers, NotificationRepository notifications,
                    NotificationProperties properties, MeterRegistry meters, Clock clock) {
        this.provider = provider;
        this.breakers = breakers;
        this.notifications = notifications;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        // Every channel and outcome exists from the start at 0: the delivery SLO and the failure-rate alert divide
        // rates, which need a series before the first notification.
        for (Channel channel : Channel.values()) {
            for (TenantRegion region : TenantRegion.values()) {
                for (String outcome : List.of("sent", "retried", "failed", "deferred")) {
                    counter(channel, region, outcome);
                }
            }
            timer(channel, "sent");
            timer(channel, "failed");
        }
    }

    /** Claims {@code n} for this caller (lease + conditional write); false if someone else holds or changed it. */
    public boolean claim(Notification n) {
        Instant now = clock.instant();
        if (!n.isDeliverable(now, properties.maxAttempts())) {
            return false;
        }
        n.claim(now, now.plus(properties.lease()));
        try {
            notifications.save(n);
            return true;
        } catch (ConcurrentUpdate e) {
            return false;
        }
    }

    /** Runs one round on a notification this caller holds (just created, or {@link #claim claimed}). */
    public Outcome deliver(Notification n) {
        try (MDC.MDCCloseable o = MDC.putCloseable("order_id", n.orderId().toString());
             MDC.MDCCloseable c = MDC.putCloseable("notification_id", n.id())) {
            return round(n);
        } catch (ConcurrentUpdate e) {
            // Our lease expired and another delivery took over; it owns the outcome now.
            log.warn("lost the lease on {} during delivery: {}", n.id(), e.getMessage());
            return Outcome.LOST_LEASE;
        }
    }

    private Outcome round(Notification n) {
        CircuitBreaker breaker = breakers.of(n.channel());
        NotificationProvider.Message message = new NotificationProvider.Message(n.notificationId(), n.channel(),
                n.customerId(), n.subject(), n.body());
        Duration backoff = properties.initialBackoff();
        for (int call = 1; call <= properties.attemptsPerRound() && n.attempts() < properties.maxAttempts(); call++) {
            Instant now = clock.instant();
            if (!breaker.tryAcquire(now)) {
                n.defer(n.channel() + " provider circuit open", now, now.plus(properties.retryDelay()));
                notifications.save(n);
                count(n, "deferred");
                log.info("deferred {}: {} provider circuit is open", n.id(), n.channel());
                return Outcome.DEFERRED;
            }
            Timer.Sample sample = Timer.start(meters);
            try {
                provider.send(message);
                breaker.onSuccess();
                sample.stop(timer(n, "sent"));
                n.markSent(clock.instant());
                notifications.save(n);
                count(n, "sent");
                log.info("sent {} to customer {} after {} attempt(s)", n.id(), n.customerId(), n.attempts());
                return Outcome.SENT;
            } catch (NotificationProvider.DeliveryFailed e) {
                breaker.onFailure(clock.instant());
                sample.stop(timer(n, "failed"));
                n.attemptFailed(e.getMessage(), clock.instant());
                notifications.save(n);
                boolean another = call < properties.attemptsPerRound() && n.attempts() < properties.maxAttempts();
                if (another) {
                    count(n, "retried");
                    log.info("attempt {} of {} failed ({}), retrying in {} ms", n.attempts(), n.id(), e.getMessage(),
                            backoff.toMillis());
                    if (!sleep(backoff)) {
                        break;
                    }
                    backoff = min(backoff.multipliedBy(2), properties.maxBackoff());
                }
            }
        }
        Instant now = clock.instant();
        n.markFailed(now, now.plus(properties.retryDelay()));
        notifications.save(n);
        count(n, "failed");
        if (n.attempts() >= properties.maxAttempts()) {
            log.error("giving up on {} after {} attempts: {}", n.id(), n.attempts(), n.lastError());
        } else {
            log.warn("delivery of {} failed ({} attempts so far, retry from {}): {}", n.id(), n.attempts(),
                    n.nextAttemptAt(), n.lastError());
        }
        return Outcome.FAILED;
    }

    private void count(Notification n, String outcome) {
        counter(n.channel(), n.tenantRegion(), outcome).increment();
    }

    private Counter counter(Channel channel, TenantRegion region, String outcome) {
        return Counter.builder("firedrill_notification_delivery_total")
                .description("Notification delivery outcomes (sent and failed are final, retried and deferred are not)")
                .tags("channel", channel.name(), "outcome", outcome, "tenant_region", region.id())
                .register(meters);
    }

    private Timer timer(Notification n, String outcome) {
        return timer(n.channel(), outcome);
    }

    private Timer timer(Channel channel, String outcome) {
        return Timer.builder("firedrill_notification_delivery_seconds")
                .description("Latency of one provider call")
                .tag("channel", channel.name())
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
