package io.firedrill.traffic.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The orders this run has placed, as its shoppers know them: the last few thousand for look-ups of any order, and
 * each customer's latest order not yet seen in a final state, for support cases that cancel it. Bounded, so a long
 * run keeps a constant footprint.
 */
final class KnownOrders {

    private final String[] recent = new String[4096];
    private long count;
    /**
     * Each customer's latest accepted order not yet seen in a final state, oldest first: what a support case about
     * that customer cancels. Bounded like {@link #recent}; without completion tracking only that bound ages them.
     */
    private final LinkedHashMap<String, String> cancellable = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) { return size() > recent.length; }
    };

    /** A checkout of {@code customerId} was accepted as {@code orderId}. */
    void accepted(String customerId, String orderId) {
        recent[(int) (count++ % recent.length)] = orderId;
        cancellable.remove(customerId);
        cancellable.put(customerId, orderId);
    }

    /** The order reached a final state: nothing to cancel any more. */
    void ended(String customerId, String orderId) {
        cancellable.remove(customerId, orderId);
    }

    /** One of the recent orders, chosen by the work item's seeded {@code pick}; null before the first. */
    String pick(long pick) {
        if (count == 0) {
            return null;
        }
        int size = (int) Math.min(count, recent.length);
        return recent[(int) (pick % size)];
    }

    /**
     * A support case cancels its customer's own latest order while it is likely still cancellable (accepted, not
     * seen in a final state); only when the customer has none, any order of the run, as a look-up would pick.
     */
    String toCancel(String customerId, long pick) {
        String own = cancellable.remove(customerId);
        return own != null ? own : pick(pick);
    }
}
