package io.firedrill.traffic.data;

import java.util.List;

/**
 * One planned user action. The plan is a pure function of the seed and the schedule; what the server answers
 * (order ids to look up later) is filled in at run time. {@code orderPick} chooses among the orders this run
 * has created so far.
 */
public sealed interface WorkItem {

    long sequence();

    Region region();

    String customerId();

    /** Mix key of this action (see {@link WorkloadMix}). */
    WorkloadMix.Kind kind();

    record Checkout(long sequence, Region region, String customerId, List<CartLine> items,
                    PaymentMethod paymentMethod) implements WorkItem {
        public Checkout { items = List.copyOf(items); }
        @Override public WorkloadMix.Kind kind() { return WorkloadMix.Kind.CHECKOUT; }
    }

    record OrderLookup(long sequence, Region region, String customerId, long orderPick) implements WorkItem {
        @Override public WorkloadMix.Kind kind() { return WorkloadMix.Kind.ORDER_LOOKUP; }
    }

    record CustomerOrders(long sequence, Region region, String customerId) implements WorkItem {
        @Override public WorkloadMix.Kind kind() { return WorkloadMix.Kind.CUSTOMER_ORDERS; }
    }

    record StockLookup(long sequence, Region region, String customerId, String sku) implements WorkItem {
        @Override public WorkloadMix.Kind kind() { return WorkloadMix.Kind.STOCK_LOOKUP; }
    }

    /** A support agent looks an order up or cancels it on the customer's behalf. */
    record SupportCase(long sequence, Region region, String customerId, Action action, long orderPick)
            implements WorkItem {
        public enum Action { LOOKUP, CANCELLATION }
        @Override public WorkloadMix.Kind kind() { return WorkloadMix.Kind.SUPPORT_CASE; }
    }

    record PreferencesChange(long sequence, Region region, String customerId, NotificationPreferences preferences)
            implements WorkItem {
        @Override public WorkloadMix.Kind kind() { return WorkloadMix.Kind.NOTIFICATION_PREFERENCES; }
    }
}
