package io.firedrill.notification.persistence;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.notification.domain.Channel;
import io.firedrill.notification.domain.Notification;
import io.firedrill.notification.domain.NotificationStatus;
import io.firedrill.notification.domain.Template;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * Collection {@code notifications}. No transactions here (mongo-java-server has no sessions): creation is an
 * upsert on the deterministic id with {@code $setOnInsert}, so a repeated event never makes a second document,
 * and every later write is conditional on {@code version} (optimistic locking).
 */
@Repository
public class NotificationRepository {

    private static final Logger log = LoggerFactory.getLogger(NotificationRepository.class);
    static final String COLLECTION = "notifications";
    /**
     * Ids of the notifications the sweep still has work on (not sent, or sent but not announced): the sweep reads
     * this small set and then each notification by _id, instead of querying the whole collection by status, which
     * mongo-java-server answers with a full scan (it has no secondary indexes) and which grows with every order.
     * Written before the notification and removed after its announcement, so a crash in between leaves an entry
     * the sweep resolves, never a notification the sweep cannot see.
     */
    static final String OUTSTANDING = "notifications_outstanding";

    private final MongoCollection<Document> notifications;
    private final MongoCollection<Document> outstanding;
    private final MongoCollection<Document> migrations;
    private volatile boolean outstandingBackfilled;

    NotificationRepository(MongoTemplate mongo) {
        this.notifications = mongo.getCollection(COLLECTION);
        this.outstanding = mongo.getCollection(OUTSTANDING);
        this.migrations = mongo.getCollection("notification_migrations");
        createIndexes();
    }

    /**
     * A store written before the outstanding set existed: one scan by status, once, by the first sweep (not at start:
     * on a large store the scan can outlast the Mongo timeout; a failed one is tried again at the next sweep).
     */
    private void backfillOutstandingOnce() {
        if (outstandingBackfilled) {
            return;
        }
        try {
            if (migrations.find(eq("_id", "outstanding-backfill")).first() == null) {
                notifications.find(or(
                                in("status", NotificationStatus.PENDING.name(), NotificationStatus.FAILED.name()),
                                and(eq("status", NotificationStatus.SENT.name()), eq("announced", false))))
                        .forEach(doc -> markOutstanding(doc.getString("_id"), doc.get("createdAt")));
                migrations.updateOne(eq("_id", "outstanding-backfill"), Updates.set("at", Date.from(Instant.now())), new UpdateOptions().upsert(true));
            }
        } catch (RuntimeException e) {
            log.warn("backfill of {} failed, tried again at the next sweep: {}", OUTSTANDING, e.toString());
            return; // the sweep still works on what is outstanding now
        }
        outstandingBackfilled = true;
    }

    private void createIndexes() {
        try {
            notifications.createIndex(Indexes.ascending("orderId"));
            notifications.createIndex(Indexes.ascending("customerId"));
            notifications.createIndex(Indexes.ascending("status"));
            // The conditional writes below filter on _id plus one field. MongoDB serves them from the _id index;
            // mongo-java-server (the local stack) only uses an index whose keys equal the filter's (so the filters
            // are plain documents, not $and), and otherwise scans the whole collection per write (90% of its CPU
            // under checkout load). Unique because _id is.
            notifications.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true));
            notifications.createIndex(Indexes.ascending("_id", "status"), new IndexOptions().unique(true));
        } catch (RuntimeException e) {
            // Queries still work without them; do not refuse to start over an index.
            log.warn("could not create notification indexes: {}", e.toString());
        }
    }

    /** Puts {@code id} on the sweep's list, oldest first by {@code since}; a second call keeps the first entry. */
    private void markOutstanding(String id, Object since) {
        outstanding.updateOne(eq("_id", id), new Document("$setOnInsert", new Document("since", since)),
                new UpdateOptions().upsert(true));
    }

    /** Inserts {@code fresh} unless a document with its id exists; true if this call created it. */
    public boolean createIfAbsent(Notification fresh) {
        Document doc = toDocument(fresh);
        doc.remove("_id");
        markOutstanding(fresh.id(), doc.get("createdAt"));
        UpdateResult result = notifications.updateOne(eq("_id", fresh.id()), new Document("$setOnInsert", doc),
                new UpdateOptions().upsert(true));
        return result.getUpsertedId() != null;
    }

    public Optional<Notification> find(String id) {
        return Optional.ofNullable(notifications.find(eq("_id", id)).first()).map(NotificationRepository::fromDocument);
    }

    /**
     * Writes {@code n} if nobody wrote it since it was read, and advances its version.
     *
     * @throws ConcurrentUpdate if the stored version moved on
     */
    public void save(Notification n) {
        long next = n.version() + 1;
        Document doc = toDocument(n);
        doc.put("version", next);
        var result = notifications.replaceOne(new Document("_id", n.id()).append("version", n.version()), doc);
        if (result.getMatchedCount() == 0) {
            throw new ConcurrentUpdate(n.id() + " changed since version " + n.version());
        }
        n.versionWritten(next);
    }

    /** Records that NotificationSent committed to the outbox; only for a sent notification. */
    public void markAnnounced(String id) {
        UpdateResult result = notifications.updateOne(new Document("_id", id).append("status", NotificationStatus.SENT.name()),
                Updates.combine(Updates.set("announced", true), Updates.inc("version", 1L)));
        if (result.getMatchedCount() > 0) {
            outstanding.deleteOne(eq("_id", id));
        }
    }

    public List<Notification> findByOrderId(UUID orderId, int limit) {
        return list(eq("orderId", orderId.toString()), limit);
    }

    public List<Notification> findByCustomerId(UUID customerId, int limit) {
        return list(eq("customerId", customerId.toString()), limit);
    }

    /**
     * What the sweep looks at: every PENDING or FAILED notification, and SENT ones not announced yet; oldest first,
     * at most {@code limit}. Reads the outstanding set and each notification by _id; entries whose notification
     * is finished (announced) or was never written (a crash between the two inserts) are dropped on the way.
     */
    public List<Notification> findUnfinished(int limit) {
        backfillOutstandingOnce();
        List<String> ids = new ArrayList<>();
        outstanding.find().sort(Sorts.ascending("since")).limit(limit).forEach(doc -> ids.add(doc.getString("_id")));
        List<Notification> found = new ArrayList<>(ids.size());
        for (String id : ids) {
            Optional<Notification> n = find(id);
            if (n.isEmpty() || (n.get().status() == NotificationStatus.SENT && !n.get().needsAnnouncement())) {
                outstanding.deleteOne(eq("_id", id));
            } else {
                found.add(n.get());
            }
        }
        return found;
    }

    public long countUnfinished() {
        return outstanding.countDocuments();
    }

    private List<Notification> list(Bson filter, int limit) {
        List<Notification> found = new ArrayList<>();
        notifications.find(filter).sort(Sorts.descending("createdAt")).limit(limit)
                .forEach(doc -> found.add(fromDocument(doc)));
        return found;
    }

    static Document toDocument(Notification n) {
        Document doc = new Document("_id", n.id())
                .append("notificationId", n.notificationId().toString())
                .append("orderId", n.orderId().toString())
                .append("customerId", n.customerId().toString())
                .append("channel", n.channel().name())
                .append("template", n.template().templateName())
                .append("subject", n.subject())
                .append("body", n.body())
                .append("data", new Document(new LinkedHashMap<>(n.data())))
                .append("tenantRegion", n.tenantRegion().id())
                .append("status", n.status().name())
                .append("attempts", n.attempts())
                .append("lastError", n.lastError())
                .append("createdAt", date(n.createdAt()))
                .append("updatedAt", date(n.updatedAt()))
                .append("sentAt", date(n.sentAt()))
                .append("nextAttemptAt", date(n.nextAttemptAt()))
                .append("leaseUntil", date(n.leaseUntil()))
                .append("announced", n.announced())
                .append("version", n.version());
        return doc;
    }

    static Notification fromDocument(Document d) {
        Map<String, String> data = new LinkedHashMap<>();
        Document stored = d.get("data", Document.class);
        if (stored != null) {
            stored.forEach((k, v) -> data.put(k, String.valueOf(v)));
        }
        return Notification.restore(
                d.getString("_id"),
                UUID.fromString(d.getString("notificationId")),
                UUID.fromString(d.getString("orderId")),
                UUID.fromString(d.getString("customerId")),
                Channel.valueOf(d.getString("channel")),
                Template.byName(d.getString("template")),
                data,
                TenantRegion.fromId(d.getString("tenantRegion")),
                instant(d.getDate("createdAt")),
                NotificationStatus.valueOf(d.getString("status")),
                d.getInteger("attempts", 0),
                d.getString("lastError"),
                instant(d.getDate("updatedAt")),
                instant(d.getDate("sentAt")),
                instant(d.getDate("nextAttemptAt")),
                instant(d.getDate("leaseUntil")),
                Boolean.TRUE.equals(d.getBoolean("announced")),
                ((Number) d.get("version", 0L)).longValue());
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
