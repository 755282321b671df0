package io.firedrill.notification.domain;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.NotificationSent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One message to one customer on one channel about one event. The id {@code <orderId>:<eventType>:<channel>} is
 * deterministic, so the same event processed twice finds the same document instead of creating another (MongoDB
 * here has no transactions; idempotency comes from the id).
 *
 * <p>State machine: PENDING → SENT | FAILED, FAILED → SENT | FAILED; SENT is final and every method that would
 * change a sent notification refuses. A delivery first {@link #claim claims} the notification with a lease so that
 * the inline delivery and the retry sweep never call the provider for it at the same time; {@code version} makes
 * every write conditional on nobody else having written in between.
 */
public final class Notification {

    private final String id;
    private final UUID notificationId;
    private final UUID orderId;
    private final UUID customerId;
    private final Channel channel;
    private final Template template;
    private final Map<String, String> data;
    private final TenantRegion tenantRegion;
    private final Instant createdAt;
    private NotificationStatus status;
    private int attempts;
    private String lastError;
    private Instant updatedAt;
    private Instant sentAt;
    private Instant nextAttemptAt;
    private Instant leaseUntil;
    private boolean announced;
    private long version;

    private Notification(String id, UUID notificationId, UUID orderId, UUID customerId, Channel channel, Template template,
                         Map<String, String> data, TenantRegion tenantRegion, Instant createdAt, NotificationStatus status,
                         int attempts, String lastError, Instant updatedAt, Instant sentAt, Instant nextAttemptAt,
                         Instant leaseUntil, boolean announced, long version) {
        this.id = Objects.requireNonNull(id);
        this.notificationId = Objects.requireNonNull(notificationId);
        this.orderId = Objects.requireNonNull(orderId);
        this.customerId = Objects.requireNonNull(customerId);
        this.channel = Objects.requireNonNull(channel);
        this.template = Objects.requireNonNull(template);
        this.data = Map.copyOf(data);
        this.tenantRegion = Objects.requireNonNull(tenantRegion);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.status = Objects.requireNonNull(status);
        this.attempts = attempts;
        this.lastError = lastError;
        this.updatedAt = updatedAt;
        this.sentAt = sentAt;
        this.nextAttemptAt = nextAttemptAt;
        this.leaseUntil = leaseUntil;
        this.announced = announced;
        this.version = version;
    }

    public static String idFor(UUID orderId, Template template, Channel channel) {
        return orderId + ":" + template.eventType() + ":" + channel.name();
    }

    /** A new notification, leased to its creator, who delivers it right away. */
    public static Notification pending(UUID orderId, UUID customerId, Channel channel, Template template,
                                       Map<String, String> data, TenantRegion region, Instant now, Instant leaseUntil) {
        String id = idFor(orderId, template, channel);
        return new Notification(id, UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)), orderId, customerId,
                channel, template, data, region, now, NotificationStatus.PENDING, 0, null, now, null, null, leaseUntil,
                false, 0);
    }

    /** Rebuilds a stored notification (persistence only). */
    public static Notification restore(String id, UUID notificationId, UUID orderId, UUID customerId, Channel channel,
                                       Template template, Map<String, String> data, TenantRegion region, Instant createdAt,
                                       NotificationStatus status, int attempts, String lastError, Instant updatedAt,
                                       Instant sentAt, Instant nextAttemptAt, Instant leaseUntil, boolean announced,
                                       long version) {
        return new Notification(id, notificationId, orderId, customerId, channel, template, data, region, createdAt,
                status, attempts, lastError, updatedAt, sentAt, nextAttemptAt, leaseUntil, announced, version);
    }

    /** Whether a delivery round may start now: not sent, attempts left, nobody holding it, its retry time reached. */
    public boolean isDeliverable(Instant now, int maxAttempts) {
        return status != NotificationStatus.SENT && attempts < maxAttempts
                && (leaseUntil == null || !leaseUntil.isAfter(now))
                && (nextAttemptAt == null || !nextAttemptAt.isAfter(now));
    }

    public boolean isLeasedTo(Instant now) {
        return leaseUntil != null && leaseUntil.isAfter(now);
    }

    public void claim(Instant now, Instant until) {
        requireNotSent("claim");
        if (isLeasedTo(now)) {
            throw new IllegalStateException(id + " is leased until " + leaseUntil);
        }
        leaseUntil = until;
        updatedAt = now;
    }

    /** A provider call failed; the round may go on. */
    public void attemptFailed(String reason, Instant now) {
        requireNotSent("record a failed attempt on");
        attempts++;
        lastError = reason;
        updatedAt = now;
    }

    public void markSent(Instant now) {
        requireNotSent("send");
        attempts++;
        status = NotificationStatus.SENT;
        sentAt = now;
        updatedAt = now;
        leaseUntil = null;
        nextAttemptAt = null;
    }

    /** The round ended without a delivery: FAILED with the last reason, retried from {@code retryAt} if attempts remain. */
    public void markFailed(Instant now, Instant retryAt) {
        requireNotSent("fail");
        if (lastError == null) {
            throw new IllegalStateException(id + " cannot fail without a reason");
        }
        status = NotificationStatus.FAILED;
        updatedAt = now;
        leaseUntil = null;
        nextAttemptAt = retryAt;
    }

    /** The round could not call the provider at all (breaker open): keep the status, try again from {@code retryAt}. */
    public void defer(String reason, Instant now, Instant retryAt) {
        requireNotSent("defer");
        lastError = reason;
        updatedAt = now;
        leaseUntil = null;
        nextAttemptAt = retryAt;
    }

    public NotificationSent announcement() {
        if (status != NotificationStatus.SENT) {
            throw new IllegalStateException(id + " is " + status + ": only a sent notification is announced");
        }
        return new NotificationSent(notificationId, orderId, channel.toContract());
    }

    public boolean needsAnnouncement() {
        return status == NotificationStatus.SENT && !announced;
    }

    /** Persistence sets the version it wrote. */
    public void versionWritten(long written) {
        this.version = written;
    }

    private void requireNotSent(String action) {
        if (status == NotificationStatus.SENT) {
            throw new IllegalStateException("cannot " + action + " " + id + ": it was already sent at " + sentAt);
        }
    }

    public String subject() { return template.subject(); }
    public String body() { return template.body(orderId, data); }
    public String id() { return id; }
    public UUID notificationId() { return notificationId; }
    public UUID orderId() { return orderId; }
    public UUID customerId() { return customerId; }
    public Channel channel() { return channel; }
    public Template template() { return template; }
    public Map<String, String> data() { return data; }
    public TenantRegion tenantRegion() { return tenantRegion; }
    public Instant createdAt() { return createdAt; }
    public NotificationStatus status() { return status; }
    public int attempts() { return attempts; }
    public String lastError() { return lastError; }
    public Instant updatedAt() { return updatedAt; }
    public Instant sentAt() { return sentAt; }
    public Instant nextAttemptAt() { return nextAttemptAt; }
    public Instant leaseUntil() { return leaseUntil; }
    public boolean announced() { return announced; }
    public long version() { return version; }

    @Override
    public String toString() {
        return "Notification[" + id + " " + status + " attempts=" + attempts + "]";
    }
}
