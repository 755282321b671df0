package io.firedrill.notification.domain;

import java.util.Map;
import java.util.UUID;

/** What a notification says, by the event that caused it. {@code eventType} is part of the document id. */
public enum Template {
    ORDER_COMPLETED("OrderCompleted", "order-completed", "Your order is confirmed"),
    ORDER_CANCELLED("OrderCancelled", "order-cancelled", "Your order was cancelled"),
    SHIPMENT_CREATED("ShipmentCreated", "shipment-created", "Your parcel is on its way");

    private final String eventType;
    private final String templateName;
    private final String subject;

    Template(String eventType, String templateName, String subject) {
        this.eventType = eventType;
        this.templateName = templateName;
        this.subject = subject;
    }

    public String eventType() { return eventType; }
    public String templateName() { return templateName; }
    public String subject() { return subject; }

    public static Template byName(String templateName) {
        for (Template t : values()) {
            if (t.templateName.equals(templateName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown template '" + templateName + "'");
    }

    /** The message text, from the facts the event carried. */
    public String body(UUID orderId, Map<String, String> data) {
        return switch (this) {
            case ORDER_COMPLETED -> "Good news: order " + orderId + " is confirmed and paid.";
            case ORDER_CANCELLED -> "Order " + orderId + " was cancelled (" + data.getOrDefault("reason", "no reason given")
                    + "). Any payment has been refunded.";
            case SHIPMENT_CREATED -> "Order " + orderId + " has shipped. Shipping label: " + data.get("labelKey") + ".";
        };
    }
}
