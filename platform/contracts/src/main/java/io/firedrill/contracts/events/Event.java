package io.firedrill.contracts.events;

import io.firedrill.contracts.Message;

/** Something that happened; named in the past tense. Adding one means registering it in MessageType. */
public sealed interface Event extends Message
        permits OrderPlaced, InventoryReserved, InventoryRejected, ReservationCommitted, ReservationExpired,
                ReservationReleased, PaymentAuthorized, PaymentDeclined, PaymentRefunded, ShipmentCreated,
                ShipmentFailed, OrderCompleted, OrderCancelled, NotificationSent, StockAvailabilityChanged {}
