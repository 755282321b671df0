package io.firedrill.notification.messaging;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.contracts.events.OrderCancelled;
import io.firedrill.contracts.events.OrderCompleted;
import io.firedrill.contracts.events.OrderPlaced;
import io.firedrill.contracts.events.ShipmentCreated;
import io.firedrill.messaging.Inbound;
import io.firedrill.notification.NotificationProperties;
import io.firedrill.notification.delivery.Announcements;
import io.firedrill.notification.delivery.DeliveryService;
import io.firedrill.notification.domain.Channel;
import io.firedrill.notification.domain.Notification;
import io.firedrill.notification.domain.Preferences;
import io.firedrill.notification.domain.Template;
import io.firedrill.notification.persistence.NotificationRepository;
import io.firedrill.notification.persistence.OrderDirectory;
import io.firedrill.notification.persistence.PreferencesRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns order and shipment events into notifications, inside the dispatcher's MariaDB transaction (which holds the
 * processed-message row and the NotificationSent outbox rows; the MongoDB writes are idempotent on their own).
 *
 * <p>ShipmentCreated does not carry the customer: it is resolved from the order directory (filled from OrderPlaced,
 * OrderCompleted and OrderCancelled). If the shipment event arrives first, it is parked and notified as soon as an
 * order event names the customer.
 */
@Component
class NotificationIntake {

    private static final Logger log = LoggerFactory.getLogger(NotificationIntake.class);

    private final PreferencesRepository preferences;
    private final NotificationRepository notifications;
    private final OrderDirectory directory;
    private final DeliveryService delivery;
    private final Announcements announcements;
    private final NotificationProperties properties;
    private final Clock clock;

    NotificationIntake(PreferencesRepository preferences, NotificationRepository notifications, OrderDirectory directory,
                       DeliveryService delivery, Announcements announcements, NotificationProperties properties, Clock clock) {
        this.preferences = preferences;
        this.notifications = notifications;
        this.directory = directory;
        this.delivery = delivery;
        this.announcements = announcements;
        this.properties = properties;
        this.clock = clock;
    }

    void orderPlaced(OrderPlaced event, Inbound inbound) {
        learnCustomer(event.orderId(), event.customerId(), inbound.tenantRegion());
    }

    void orderCompleted(OrderCompleted event, Inbound inbound) {
        learnCustomer(event.orderId(), event.customerId(), inbound.tenantRegion());
        notifyCustomer(event.orderId(), event.customerId(), Template.ORDER_COMPLETED, Map.of(), inbound.tenantRegion());
    }

    void orderCancelled(OrderCancelled event, Inbound inbound) {
        learnCustomer(event.orderId(), event.customerId(), inbound.tenantRegion());
        notifyCustomer(event.orderId(), event.customerId(), Template.ORDER_CANCELLED, Map.of("reason", event.reason()),
                inbound.tenantRegion());
    }

    void shipmentCreated(ShipmentCreated event, Inbound inbound) {
        var order = directory.find(event.orderId());
        if (order.isEmpty()) {
            directory.park(new OrderDirectory.ParkedShipment(event.orderId(), event.shipmentId(), event.labelKey(),
                    inbound.tenantRegion(), clock.instant()));
            log.info("parked ShipmentCreated of order {}: its customer is not known yet", event.orderId());
            return;
        }
        notifyCustomer(event.orderId(), order.get().customerId(), Template.SHIPMENT_CREATED,
                shipmentData(event.shipmentId(), event.labelKey()), inbound.tenantRegion());
    }

    /** Records who placed the order and releases a shipment notice that was waiting for it. */
    private void learnCustomer(UUID orderId, UUID customerId, TenantRegion region) {
        directory.remember(orderId, customerId, region, clock.instant());
        directory.findParked(orderId).ifPresent(parked -> {
            log.info("releasing parked ShipmentCreated of order {} for customer {}", orderId, customerId);
            notifyCustomer(orderId, customerId, Template.SHIPMENT_CREATED,
                    shipmentData(parked.shipmentId(), parked.labelKey()), parked.tenantRegion());
            directory.unpark(orderId);
        });
    }

    private void notifyCustomer(UUID orderId, UUID customerId, Template template, Map<String, String> data,
                                TenantRegion region) {
        Preferences chosen = preferences.findOrDefault(customerId);
        if (chosen.enabledChannels().isEmpty()) {
            log.info("customer {} has every channel off; no {} notification for order {}", customerId,
                    template.templateName(), orderId);
            return;
        }
        for (Channel channel : chosen.enabledChannels()) {
            Instant now = clock.instant();
            Notification fresh = Notification.pending(orderId, customerId, channel, template, data, region, now,
                    now.plus(properties.lease()));
            if (notifications.createIfAbsent(fresh)) {
                deliverAndAnnounce(fresh);
                continue;
            }
            // Seen before (redelivery, or the saga repeating itself): no second document, but finish what the
            // first processing left undone.
            Notification existing = notifications.find(fresh.id()).orElseThrow();
            if (existing.needsAnnouncement()) {
                announcements.announce(existing);
            } else if (delivery.claim(existing)) {
                deliverAndAnnounce(existing);
            } else {
                log.info("{} already handled ({}); nothing to do", existing.id(), existing.status());
            }
        }
    }

    private void deliverAndAnnounce(Notification n) {
        if (delivery.deliver(n) == DeliveryService.Outcome.SENT) {
            announcements.announce(n);
        }
    }

    private static Map<String, String> shipmentData(UUID shipmentId, String labelKey) {
        return Map.of("shipmentId", shipmentId.toString(), "labelKey", labelKey);
    }
}
