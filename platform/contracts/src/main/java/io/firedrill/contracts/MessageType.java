package io.firedrill.contracts;

import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.commands.Command;
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
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Registry of every saga message: wire type name, record class, owning aggregate (hence topic) and the
 * schema version the record models. Dispatch goes through here, never through string comparisons.
 *
 * <p>Commands belong to the participant that executes them, events to the one that emits them.
 * Schema versions 1..{@link #currentVersion()} are accepted by the validator; the record is the current one.
 */
public enum MessageType {
    // commands
    RESERVE_INVENTORY("ReserveInventory", ReserveInventory.class, Aggregate.INVENTORY, 1),
    RELEASE_RESERVATION("ReleaseReservation", ReleaseReservation.class, Aggregate.INVENTORY, 1),
    COMMIT_RESERVATION("CommitReservation", CommitReservation.class, Aggregate.INVENTORY, 1),
    AUTHORIZE_PAYMENT("AuthorizePayment", AuthorizePayment.class, Aggregate.PAYMENT, 1),
    REFUND_PAYMENT("RefundPayment", RefundPayment.class, Aggregate.PAYMENT, 1),
    CREATE_SHIPMENT("CreateShipment", CreateShipment.class, Aggregate.SHIPMENT, 1),
    // events
    ORDER_PLACED("OrderPlaced", OrderPlaced.class, Aggregate.ORDER, 1),
    INVENTORY_RESERVED("InventoryReserved", InventoryReserved.class, Aggregate.INVENTORY, 1),
    INVENTORY_REJECTED("InventoryRejected", InventoryRejected.class, Aggregate.INVENTORY, 1),
    RESERVATION_COMMITTED("ReservationCommitted", ReservationCommitted.class, Aggregate.INVENTORY, 1),
    RESERVATION_EXPIRED("ReservationExpired", ReservationExpired.class, Aggregate.INVENTORY, 1),
    RESERVATION_RELEASED("ReservationReleased", ReservationReleased.class, Aggregate.INVENTORY, 1),
    STOCK_AVAILABILITY_CHANGED("StockAvailabilityChanged", StockAvailabilityChanged.class, Aggregate.INVENTORY, 1),
    PAYMENT_AUTHORIZED("PaymentAuthorized", PaymentAuthorized.class, Aggregate.PAYMENT, 1),
    PAYMENT_DECLINED("PaymentDeclined", PaymentDeclined.class, Aggregate.PAYMENT, 1),
    PAYMENT_REFUNDED("PaymentRefunded", PaymentRefunded.class, Aggregate.PAYMENT, 1),
    SHIPMENT_CREATED("ShipmentCreated", ShipmentCreated.class, Aggregate.SHIPMENT, 1),
    SHIPMENT_FAILED("ShipmentFailed", ShipmentFailed.class, Aggregate.SHIPMENT, 1),
    ORDER_COMPLETED("OrderCompleted", OrderCompleted.class, Aggregate.ORDER, 1),
    ORDER_CANCELLED("OrderCancelled", OrderCancelled.class, Aggregate.ORDER, 1),
    NOTIFICATION_SENT("NotificationSent", NotificationSent.class, Aggregate.NOTIFICATION, 1);

    private static final Map<String, MessageType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::typeName, Function.identity()));
    private static final Map<Class<?>, MessageType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::recordClass, Function.identity()));

    private final String typeName;
    private final Class<? extends Message> recordClass;
    private final Aggregate aggregate;
    private final int currentVersion;

    MessageType(String typeName, Class<? extends Message> recordClass, Aggregate aggregate, int currentVersion) {
        this.typeName = typeName;
        this.recordClass = recordClass;
        this.aggregate = aggregate;
        this.currentVersion = currentVersion;
    }

    /** Name on the wire (outbox {@code type} column, Kafka header), e.g. {@code InventoryReserved}. */
    public String typeName() {
        return typeName;
    }

    public Class<? extends Message> recordClass() {
        return recordClass;
    }

    public Aggregate aggregate() {
        return aggregate;
    }

    /** Schema version the record models and producers emit. */
    public int currentVersion() {
        return currentVersion;
    }

    public boolean supportsVersion(int version) {
        return version >= 1 && version <= currentVersion;
    }

    public MessageKind kind() {
        return Command.class.isAssignableFrom(recordClass) ? MessageKind.COMMAND : MessageKind.EVENT;
    }

    /** Topic this message is published to, see {@link Topics}. */
    public String topic() {
        return Topics.of(this);
    }

    /** Schema path relative to {@code schemas/}, e.g. {@code events/InventoryReserved.v1.json}. */
    public String schemaPath(int version) {
        return (kind() == MessageKind.COMMAND ? "commands/" : "events/") + typeName + ".v" + version + ".json";
    }

    public static Optional<MessageType> byName(String typeName) {
        return Optional.ofNullable(typeName).map(BY_NAME::get);
    }

    public static MessageType of(Class<? extends Message> recordClass) {
        MessageType type = BY_CLASS.get(recordClass);
        if (type == null) {
            throw new IllegalArgumentException(recordClass.getName() + " is not registered in MessageType");
        }
        return type;
    }

    public static MessageType of(Message message) {
        return of(message.getClass());
    }
}
