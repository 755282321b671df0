package io.firedrill.shipment.domain;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.Event;
import io.firedrill.contracts.events.ShipmentCreated;
import io.firedrill.contracts.events.ShipmentFailed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One shipment per order. It is born in a terminal state ({@link ShipmentStatus#CREATED} with a label, or
 * {@link ShipmentStatus#FAILED} with a reason) and never changes afterwards, so there are no setters and no
 * transitions to guard: a repeated {@code CreateShipment} only re-announces what already happened.
 */
public final class Shipment {

    private final UUID id;
    private final UUID orderId;
    private final UUID customerId;
    private final ShipmentStatus status;
    private final String labelKey;
    private final String carrier;
    private final String trackingNumber;
    private final String failureReason;
    private final TenantRegion tenantRegion;
    private final Instant createdAt;

    private Shipment(UUID id, UUID orderId, UUID customerId, ShipmentStatus status, String labelKey, String carrier,
                     String trackingNumber, String failureReason, TenantRegion tenantRegion, Instant createdAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.customerId = Objects.requireNonNull(customerId, "customerId");
        this.status = Objects.requireNonNull(status, "status");
        this.tenantRegion = Objects.requireNonNull(tenantRegion, "tenantRegion");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        if (status == ShipmentStatus.CREATED && (labelKey == null || carrier == null || trackingNumber == null)) {
            throw new IllegalArgumentException("a created shipment needs a label key, a carrier and a tracking number");
        }
        if (status == ShipmentStatus.FAILED && (failureReason == null || failureReason.isBlank())) {
            throw new IllegalArgumentException("a failed shipment needs a reason");
        }
        this.labelKey = labelKey;
        this.carrier = carrier;
        this.trackingNumber = trackingNumber;
        this.failureReason = failureReason;
    }

    /**
     * The shipment id of an order. Deterministic, so every attempt at the same order renders the same label
     * bytes (the id and tracking number are printed on it) and a retried upload rewrites an identical object.
     */
    public static UUID idFor(UUID orderId) {
        return UUID.nameUUIDFromBytes(("firedrill-shipment:" + orderId).getBytes(StandardCharsets.UTF_8));
    }

    public static Shipment created(UUID orderId, UUID customerId, String labelKey, String carrier, TenantRegion region,
                                   Instant createdAt) {
        return new Shipment(idFor(orderId), orderId, customerId, ShipmentStatus.CREATED, labelKey, carrier,
                TrackingNumber.forOrder(orderId), null, region, createdAt);
    }

    public static Shipment failed(UUID orderId, UUID customerId, String reason, TenantRegion region, Instant createdAt) {
        String bounded = reason.length() > 500 ? reason.substring(0, 497) + "..." : reason;
        return new Shipment(idFor(orderId), orderId, customerId, ShipmentStatus.FAILED, null, null, null, bounded, region,
                createdAt);
    }

    /** Rebuilds a stored shipment (persistence only). */
    public static Shipment restore(UUID id, UUID orderId, UUID customerId, ShipmentStatus status, String labelKey,
                                   String carrier, String trackingNumber, String failureReason, TenantRegion region,
                                   Instant createdAt) {
        return new Shipment(id, orderId, customerId, status, labelKey, carrier, trackingNumber, failureReason, region,
                createdAt);
    }

    /** The event that tells the saga what happened to this shipment; the same one on every repetition. */
    public Event announcement() {
        return switch (status) {
            case CREATED -> new ShipmentCreated(orderId, id, labelKey);
            case FAILED -> new ShipmentFailed(orderId, failureReason);
        };
    }

    public boolean hasLabel() {
        return status == ShipmentStatus.CREATED;
    }

    public UUID id() { return id; }
    public UUID orderId() { return orderId; }
    public UUID customerId() { return customerId; }
    public ShipmentStatus status() { return status; }
    public String labelKey() { return labelKey; }
    public String carrier() { return carrier; }
    public String trackingNumber() { return trackingNumber; }
    public String failureReason() { return failureReason; }
    public TenantRegion tenantRegion() { return tenantRegion; }
    public Instant createdAt() { return createdAt; }

    @Override
    public String toString() {
        return "Shipment[" + id + " order=" + orderId + " " + status + (labelKey == null ? "" : " " + labelKey) + "]";
    }
}
