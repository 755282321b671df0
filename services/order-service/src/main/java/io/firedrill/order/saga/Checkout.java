package io.firedrill.order.saga;

import io.firedrill.order.admin.OrderSettings;
import io.firedrill.order.domain.Order;
import io.firedrill.order.domain.OrderStatus;
import io.firedrill.order.domain.saga.SagaInstance;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One checkout being worked on: its locked saga and order, the settings and the time of this decision, and what the
 * order and saga looked like before it, so only what changed is written and the admission gate hears of a saga that
 * started or stopped being in flight.
 */
public final class Checkout {

    private final Order order;
    private final SagaInstance saga;
    private final OrderSettings.Snapshot settings;
    private final Instant now;
    private final OrderStatus statusBefore;
    private final String reasonBefore;
    private final boolean inFlightBefore;

    Checkout(Order order, SagaInstance saga, OrderSettings.Snapshot settings, Instant now) {
        this.order = order;
        this.saga = saga;
        this.settings = settings;
        this.now = now;
        this.statusBefore = order.status();
        this.reasonBefore = order.reason();
        this.inFlightBefore = saga.state().inFlight();
    }

    public Order order() {
        return order;
    }

    public SagaInstance saga() {
        return saga;
    }

    public OrderSettings.Snapshot settings() {
        return settings;
    }

    public Instant now() {
        return now;
    }

    public UUID orderId() {
        return order.id();
    }

    /** The data commands are built from. */
    CheckoutSaga.Data data() {
        return new CheckoutSaga.Data(order, saga, settings);
    }

    boolean orderChanged() {
        return order.status() != statusBefore || !Objects.equals(order.reason(), reasonBefore);
    }

    boolean inFlightBefore() {
        return inFlightBefore;
    }
}
