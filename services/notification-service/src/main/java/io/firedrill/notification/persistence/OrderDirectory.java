package io.firedrill.notification.persistence;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import io.firedrill.contracts.TenantRegion;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * Who placed which order, learnt from the order events that carry the customer ({@code orders}), and the shipment
 * notices that arrived before that was known ({@code parked_notices}). ShipmentCreated does not name the customer,
 * so its notification needs this lookup.
 */
@Repository
public class OrderDirectory {

    /** A ShipmentCreated waiting for its order's customer. */
    public record ParkedShipment(UUID orderId, UUID shipmentId, String labelKey, TenantRegion tenantRegion, Instant parkedAt) {}

    public record OrderRef(UUID orderId, UUID customerId, TenantRegion tenantRegion) {}

    private final MongoCollection<Document> orders;
    private final MongoCollection<Document> parked;

    OrderDirectory(MongoTemplate mongo) {
        this.orders = mongo.getCollection("orders");
        this.parked = mongo.getCollection("parked_notices");
    }

    /** Idempotent: the first event that names the customer wins, later ones change nothing. */
    public void remember(UUID orderId, UUID customerId, TenantRegion region, Instant now) {
        orders.updateOne(eq("_id", orderId.toString()), new Document("$setOnInsert",
                new Document("customerId", customerId.toString()).append("tenantRegion", region.id())
                        .append("firstSeenAt", Date.from(now))), new UpdateOptions().upsert(true));
    }

    public Optional<OrderRef> find(UUID orderId) {
        Document d = orders.find(eq("_id", orderId.toString())).first();
        return Optional.ofNullable(d).map(doc -> new OrderRef(orderId, UUID.fromString(doc.getString("customerId")),
                TenantRegion.fromId(doc.getString("tenantRegion"))));
    }

    public void park(ParkedShipment notice) {
        parked.replaceOne(eq("_id", notice.orderId().toString()),
                new Document("_id", notice.orderId().toString()).append("shipmentId", notice.shipmentId().toString())
                        .append("labelKey", notice.labelKey()).append("tenantRegion", notice.tenantRegion().id())
                        .append("parkedAt", Date.from(notice.parkedAt())),
                new ReplaceOptions().upsert(true));
    }

    public Optional<ParkedShipment> findParked(UUID orderId) {
        Document d = parked.find(eq("_id", orderId.toString())).first();
        return Optional.ofNullable(d).map(doc -> new ParkedShipment(orderId, UUID.fromString(doc.getString("shipmentId")),
                doc.getString("labelKey"), TenantRegion.fromId(doc.getString("tenantRegion")),
                doc.getDate("parkedAt").toInstant()));
    }

    public void unpark(UUID orderId) {
        parked.deleteOne(eq("_id", orderId.toString()));
    }

    public long countParked() {
        return parked.countDocuments();
    }
}
