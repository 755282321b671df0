package io.firedrill.contracts.events;

import io.firedrill.contracts.LineItem;
import java.util.List;
import java.util.UUID;

/** A checkout was accepted; the saga starts. */
public record OrderPlaced(
        UUID orderId, UUID customerId, List<LineItem> items, long amountCents, String currency, String paymentMethod)
        implements Event {
    public OrderPlaced {
        items = items == null ? null : List.copyOf(items);
    }
}
