package io.firedrill.contracts.commands;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.LineItem;
import java.util.List;
import java.util.UUID;

/** Create the shipment and store its label. */
public record CreateShipment(UUID orderId, UUID customerId, List<LineItem> items, Address address) implements Command {
    public CreateShipment {
        items = items == null ? null : List.copyOf(items);
    }
}
