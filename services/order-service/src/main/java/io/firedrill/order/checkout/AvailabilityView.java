package io.firedrill.order.checkout;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which SKUs inventory last announced as sold out ({@code StockAvailabilityChanged}), so a checkout for one is refused
 * at POST instead of starting a saga inventory would reject. Fails open: a SKU it has heard nothing about is sellable,
 * it starts empty after a restart and is emptied when the consumer may have missed announcements (a rebalance), and a
 * back-in-stock announcement makes a SKU sellable at once, so it never refuses what inventory says is available for
 * longer than the announcement takes to arrive.
 */
public final class AvailabilityView {

    private final Set<String> soldOut = ConcurrentHashMap.newKeySet();

    public void soldOut(String sku) {
        soldOut.add(sku);
    }

    public void backInStock(String sku) {
        soldOut.remove(sku);
    }

    /** Forgets every announcement: everything is sellable until inventory says otherwise. */
    public void forgetAll() {
        soldOut.clear();
    }

    /** The first of {@code skus} (in their order) known to be sold out. */
    public Optional<String> firstSoldOut(Collection<String> skus) {
        if (soldOut.isEmpty()) {
            return Optional.empty();
        }
        for (String sku : skus) {
            if (soldOut.contains(sku)) {
                return Optional.of(sku);
            }
        }
        return Optional.empty();
    }

    public int soldOutCount() {
        return soldOut.size();
    }
}
