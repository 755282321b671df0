package io.firedrill.traffic;

import java.util.Locale;

/** What is measured: one latency histogram and one set of outcome counters each. */
public enum Operation {
    /** {@code POST /api/orders} answered 202. */
    CHECKOUT_ACCEPTED(true),
    /** From the checkout's intended start until {@code GET /api/orders/{id}} shows COMPLETED or CANCELLED. */
    CHECKOUT_COMPLETED(false),
    ORDER_LOOKUP(true),
    CUSTOMER_ORDERS(true),
    STOCK_LOOKUP(true),
    SUPPORT_CANCEL(true),
    NOTIFICATION_PREFERENCES(true),
    /** A plain request to one URL ({@code max-rate} and raw runs). */
    REQUEST(true);

    private final boolean singleRequest;

    Operation(boolean singleRequest) { this.singleRequest = singleRequest; }

    /** True for one HTTP exchange; false for the end-to-end checkout, which spans many polls. */
    public boolean singleRequest() { return singleRequest; }

    public String key() { return name().toLowerCase(Locale.ROOT); }

    public static Operation fromKey(String key) {
        for (Operation op : values()) {
            if (op.key().equals(key.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + key + "'");
    }
}
