package io.firedrill.contracts.events;

import java.util.UUID;

/** The shipment exists; its label is the S3 object {@code labelKey}. */
public record ShipmentCreated(UUID orderId, UUID shipmentId, String labelKey) implements Event {}
