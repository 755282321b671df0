package io.firedrill.order.domain;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.LineItem;
import io.firedrill.contracts.TenantRegion;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The order aggregate: a state machine PENDING → RESERVED → PAID → COMPLETED, or CANCELLED / COMPENSATION_FAILED.
 * Only the saga moves it, through methods that refuse illegal transitions; {@link #version()} guards concurrent
 * updates (the repository updates only the version it read).
 */
public final class Order {

    private final UUID id;
    private final UUID customerId;
    private final TenantRegion tenantRegion;
    private final List<OrderLine> lines;
    private final long totalCents;
    private final String currency;
    private final String paymentMethod;
    private final String paymentCard;
    private final Address shippingAddress;
    private final String idempotencyKey;
    private final String requestHash;
    private final Instant createdAt;
    private OrderStatus status;
    private String reason;
    private Instant updatedAt;
    private final long version;

    private Order(UUID id, UUID customerId, TenantRegion tenantRegion, List<OrderLine> lines, long totalCents,
                  String currency, String paymentMethod, String paymentCard, Address shippingAddress,
                  String idempotencyKey, String requestHash, Instant createdAt, OrderStatus status, String reason,
                  Instant updatedAt, long version) {
        this.id = Objects.requireNonNull(id);
        this.customerId = Objects.requireNonNull(customerId);
        this.tenantRegion = Objects.requireNonNull(tenantRegion);
        this.lines = List.copyOf(lines);
        this.totalCents = totalCents;
        this.currency = currency;
        this.paymentMethod = paymentMethod;
        this.paymentCard = paymentCard;
        this.shippingAddress = shippingAddress;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.createdAt = createdAt;
        this.status = status;
        this.reason = reason;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /**
     * A new PENDING order; the total is the sum of the priced lines. {@code paymentMethod} is the card's token at
     * payment-service, {@code paymentCard} what may be shown of the card ({@code visa ****4242}); never a card number.
     */
    public static Order place(UUID id, UUID customerId, TenantRegion tenantRegion, List<OrderLine> lines,
                              String currency, String paymentMethod, String paymentCard, Address shippingAddress,
                              String idempotencyKey, String requestHash, Instant now) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        long total = lines.stream().mapToLong(OrderLine::lineTotalCents).reduce(0L, Math::addExact);
        return new Order(id, customerId, tenantRegion, lines, total, currency, paymentMethod, paymentCard, shippingAddress,
                idempotencyKey, requestHash, now, OrderStatus.PENDING, null, now, 0);
    }

    /** Rebuilds an order read from the database. */
    public static Order rehydrate(UUID id, UUID customerId, TenantRegion tenantRegion, List<OrderLine> lines,
                                  long totalCents, String currency, String paymentMethod, String paymentCard,
                                  Address shippingAddress, String idempotencyKey, String requestHash, Instant createdAt,
                                  OrderStatus status, String reason, Instant updatedAt, long version) {
        return new Order(id, customerId, tenantRegion, lines, totalCents, currency, paymentMethod, paymentCard,
                shippingAddress, idempotencyKey, requestHash, createdAt, status, reason, updatedAt, version);
    }

    /** Stock is held: PENDING → RESERVED. */
    public void markReserved(Instant now) {
        move(OrderStatus.PENDING, OrderStatus.RESERVED, now);
    }

    /** The payment is authorized: RESERVED → PAID. */
    public void markPaid(Instant now) {
        move(OrderStatus.RESERVED, OrderStatus.PAID, now);
    }

    /** The shipment exists: PAID → COMPLETED. */
    public void complete(Instant now) {
        move(OrderStatus.PAID, OrderStatus.COMPLETED, now);
    }

    /**
     * The saga started compensating for {@code cancelReason}; the status stays where it is until the compensations are
     * acknowledged (then {@link #cancel}), but the reason is visible at once.
     */
    public void compensating(String cancelReason, Instant now) {
        requireNotTerminal("start compensating (" + cancelReason + ")");
        this.reason = Objects.requireNonNull(cancelReason);
        this.updatedAt = now;
    }

    /** Every compensation is done: PENDING/RESERVED/PAID → CANCELLED with the reason given at compensation start. */
    public void cancel(String cancelReason, Instant now) {
        requireNotTerminal("cancel (" + cancelReason + ")");
        this.status = OrderStatus.CANCELLED;
        this.reason = Objects.requireNonNull(cancelReason);
        this.updatedAt = now;
    }

    /**
     * A compensation kept failing. Allowed from every state but COMPLETED, including CANCELLED: a late reply
     * (a payment authorized after the order was cancelled) is compensated after the fact and may fail too.
     */
    public void compensationFailed(Instant now) {
        if (status == OrderStatus.COMPLETED || status == OrderStatus.COMPENSATION_FAILED) {
            throw new IllegalTransitionException("order " + id + " is " + status + ": cannot mark COMPENSATION_FAILED");
        }
        if (reason == null) {
            reason = "COMPENSATION_FAILED";
        }
        this.status = OrderStatus.COMPENSATION_FAILED;
        this.updatedAt = now;
    }

    /** Late acknowledgements undid every effect after all: COMPENSATION_FAILED → CANCELLED, keeping the reason. */
    public void resolveCompensationFailure(Instant now) {
        move(OrderStatus.COMPENSATION_FAILED, OrderStatus.CANCELLED, now);
    }

    private void move(OrderStatus from, OrderStatus to, Instant now) {
        if (status != from) {
            throw new IllegalTransitionException("order " + id + " is " + status + ", not " + from + ": cannot move to " + to);
        }
        status = to;
        updatedAt = now;
    }

    private void requireNotTerminal(String action) {
        if (status.isTerminal()) {
            throw new IllegalTransitionException("order " + id + " is " + status + ": cannot " + action);
        }
    }

    public List<LineItem> lineItems() {
        return lines.stream().map(l -> new LineItem(l.sku(), l.quantity())).toList();
    }

    public UUID id() { return id; }
    public UUID customerId() { return customerId; }
    public TenantRegion tenantRegion() { return tenantRegion; }
    public List<OrderLine> lines() { return lines; }
    public long totalCents() { return totalCents; }
    public String currency() { return currency; }
    public String paymentMethod() { return paymentMethod; }
    public String paymentCard() { return paymentCard; }
    public Address shippingAddress() { return shippingAddress; }
    public String idempotencyKey() { return idempotencyKey; }
    public String requestHash() { return requestHash; }
    public Instant createdAt() { return createdAt; }
    public OrderStatus status() { return status; }
    public String reason() { return reason; }
    public Instant updatedAt() { return updatedAt; }
    public long version() { return version; }
}
