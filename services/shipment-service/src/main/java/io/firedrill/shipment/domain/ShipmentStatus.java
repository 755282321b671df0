package io.firedrill.shipment.domain;

/** Both states are terminal: a shipment is created with its label, or fails once with a reason. */
public enum ShipmentStatus {
    CREATED,
    FAILED
}
