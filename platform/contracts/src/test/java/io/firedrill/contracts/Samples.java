package io.firedrill.contracts;

import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.commands.CommitReservation;
import io.firedrill.contracts.commands.CreateShipment;
import io.firedrill.contracts.commands.RefundPayment;
import io.firedrill.contracts.commands.ReleaseReservation;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.contracts.events.InventoryRejected;
import io.firedrill.contracts.events.InventoryReserved;
import io.firedrill.contracts.events.NotificationSent;
import io.firedrill.contracts.events.OrderCancelled;
import io.firedrill.contracts.events.OrderCompleted;
import io.firedrill.contracts.events.OrderPlaced;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.PaymentDeclined;
import io.firedrill.contracts.events.PaymentRefunded;
import io.firedrill.contracts.events.ReservationCommitted;
import io.firedrill.contracts.events.ReservationExpired;
import io.firedrill.contracts.events.ReservationReleased;
import io.firedrill.contracts.events.ShipmentCreated;
import io.firedrill.contracts.events.ShipmentFailed;
import io.firedrill.contracts.events.StockAvailabilityChanged;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One realistic instance per registered type; the switch is exhaustive, so a new type does not compile without one. */
final class Samples {

    static final UUID ORDER = UUID.fromString("7d1c6f0e-2a43-4c59-9a8e-0c3b1f6d2e11");
    static final UUID CUSTOMER = UUID.fromString("0b9f3c2a-5d7e-4f1a-8b6c-9e2d4a1f7c33");
    static final UUID RESERVATION = UUID.fromString("c4e8a1b2-3d5f-4a6b-9c7d-1e2f3a4b5c6d");
    static final UUID PAYMENT = UUID.fromString("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    static final UUID SHIPMENT = UUID.fromString("f0e1d2c3-b4a5-4968-8776-655443322110");
    static final UUID NOTIFICATION = UUID.fromString("12345678-9abc-4def-8123-456789abcdef");
    static final Instant NOW = Instant.parse("2026-11-27T06:25:09.123456Z");
    static final List<LineItem> ITEMS = List.of(new LineItem("SKU-0042", 2), new LineItem("TSHIRT-RED-M", 1));
    static final Address ADDRESS = new Address("Ada Lovelace", "12 St James's Square", null, "London", "SW1Y 4JH", "GB");

    private Samples() {}

    static Message of(MessageType type) {
        return switch (type) {
            case RESERVE_INVENTORY -> new ReserveInventory(ORDER, ITEMS, 900);
            case RELEASE_RESERVATION -> new ReleaseReservation(ORDER, RESERVATION, "payment declined");
            case COMMIT_RESERVATION -> new CommitReservation(ORDER, RESERVATION);
            case AUTHORIZE_PAYMENT -> new AuthorizePayment(ORDER, CUSTOMER, 4_998, "EUR", "card");
            case REFUND_PAYMENT -> new RefundPayment(ORDER, PAYMENT, 4_998, "reservation expired");
            case CREATE_SHIPMENT -> new CreateShipment(ORDER, CUSTOMER, ITEMS, ADDRESS);
            case ORDER_PLACED -> new OrderPlaced(ORDER, CUSTOMER, ITEMS, 4_998, "EUR", "card");
            case INVENTORY_RESERVED -> new InventoryReserved(ORDER, RESERVATION, NOW.plusSeconds(900));
            case INVENTORY_REJECTED -> new InventoryRejected(ORDER, InventoryRejected.Reason.OUT_OF_STOCK);
            case RESERVATION_COMMITTED -> new ReservationCommitted(ORDER, RESERVATION);
            case RESERVATION_EXPIRED -> new ReservationExpired(ORDER, RESERVATION, NOW);
            case RESERVATION_RELEASED -> new ReservationReleased(ORDER, RESERVATION);
            case STOCK_AVAILABILITY_CHANGED -> new StockAvailabilityChanged("SKU-0042", 0);
            case PAYMENT_AUTHORIZED -> new PaymentAuthorized(ORDER, PAYMENT, 4_998);
            case PAYMENT_DECLINED -> new PaymentDeclined(ORDER, "insufficient funds");
            case PAYMENT_REFUNDED -> new PaymentRefunded(ORDER, PAYMENT, 4_998);
            case SHIPMENT_CREATED -> new ShipmentCreated(ORDER, SHIPMENT, "labels/2026/11/" + SHIPMENT + ".pdf");
            case SHIPMENT_FAILED -> new ShipmentFailed(ORDER, "carrier unavailable");
            case ORDER_COMPLETED -> new OrderCompleted(ORDER, CUSTOMER);
            case ORDER_CANCELLED -> new OrderCancelled(ORDER, CUSTOMER, "out of stock");
            case NOTIFICATION_SENT -> new NotificationSent(NOTIFICATION, ORDER, NotificationSent.Channel.EMAIL);
        };
    }
}
