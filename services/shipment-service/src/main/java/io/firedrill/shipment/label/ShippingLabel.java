package io.firedrill.shipment.label;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.LineItem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Everything printed on a label. */
public record ShippingLabel(String carrier, String trackingNumber, UUID orderId, UUID shipmentId, Address address,
                            List<LineItem> items, Instant shippedAt) {
    public ShippingLabel {
        items = List.copyOf(items);
    }
}
