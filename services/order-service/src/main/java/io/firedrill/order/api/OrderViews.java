package io.firedrill.order.api;

import io.firedrill.order.persistence.OrderReadModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Response bodies of the order API. */
final class OrderViews {

    private OrderViews() {}

    /** {@code 202} of a checkout or a cancel request. */
    record Accepted(UUID orderId, String status, Map<String, String> links) {
        static Accepted of(UUID orderId, String status) {
            String self = "/api/orders/" + orderId;
            return new Accepted(orderId, status, Map.of("self", self, "cancel", self + "/cancel"));
        }
    }

    record Item(String sku, String name, int quantity, long unitPriceCents, long lineTotalCents) {}

    /**
     * @param reservation what inventory confirmed: NONE, HELD, COMMITTED, EXPIRED, RELEASED
     * @param payment     what payment confirmed: NONE, AUTHORIZED, REFUNDED
     */
    record Saga(String state, String step, Instant deadline, int attempts, String lastError, String reservation,
                String payment) {}

    record Order(UUID orderId, UUID customerId, String status, String reason, String tenantRegion, List<Item> items,
                 long totalCents, String currency, Instant createdAt, Instant updatedAt, Saga saga) {

        static Order of(OrderReadModel.Details d) {
            List<Item> items = d.lines().stream().map(l -> new Item(l.sku(), l.name(), l.quantity(), l.unitPriceCents(),
                    l.unitPriceCents() * l.quantity())).toList();
            OrderReadModel.SagaRow s = d.saga();
            Saga saga = s == null ? null : new Saga(s.state(), s.step(), s.deadline(), s.attempts(), s.lastError(),
                    s.reservationStatus(), s.paymentStatus());
            return new Order(d.orderId(), d.customerId(), d.status(), d.reason(), d.tenantRegion(), items, d.totalCents(),
                    d.currency(), d.createdAt(), d.updatedAt(), saga);
        }
    }

    record OrderSummary(UUID orderId, String status, String reason, String tenantRegion, long totalCents, String currency,
                        Instant createdAt, Instant updatedAt) {}

    record CustomerOrders(UUID customerId, int page, int size, boolean hasMore, List<OrderSummary> orders) {

        static CustomerOrders of(UUID customerId, int page, int size, OrderReadModel.Page p) {
            return new CustomerOrders(customerId, page, size, p.hasMore(), p.orders().stream()
                    .map(o -> new OrderSummary(o.orderId(), o.status(), o.reason(), o.tenantRegion(), o.totalCents(),
                            o.currency(), o.createdAt(), o.updatedAt()))
                    .toList());
        }
    }
}
