package io.firedrill.contracts.commands;

import io.firedrill.contracts.LineItem;
import java.util.List;
import java.util.UUID;

/** Hold stock for the order; the reservation expires after {@code ttlSeconds} unless committed. */
public record ReserveInventory(UUID orderId, List<LineItem> items, int ttlSeconds) implements Command {
    public ReserveInventory {
        items = items == null ? null : List.copyOf(items);
    }
}
