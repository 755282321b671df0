package io.firedrill.traffic.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeded sequence of user actions. Not thread-safe: the runner draws from it on its one scheduling thread,
 * so the n-th arrival of a run is the same action for the same seed.
 */
public final class Workload {

    /** Items per cart: 1..10, mean about 2.3 (a long tail of big baskets). */
    private static final double[] CART_SIZE = {0.38, 0.24, 0.14, 0.09, 0.06, 0.04, 0.02, 0.015, 0.008, 0.007};
    /** Units per line: mostly one. */
    private static final double[] QUANTITY = {0.82, 0.12, 0.04, 0.01, 0.01};
    private static final double CANCELLATION_SHARE = 0.4;

    private final SyntheticData data;
    private final SplittableRandom random;
    private final WorkloadMix.Kind[] kinds;
    private final double[] kindCumulative;
    private final double[] baseRegionWeights;
    private final Map<Region, Integer> flashBuyersSoFar = new EnumMap<>(Region.class);
    private long sequence;

    Workload(SyntheticData data, SplittableRandom random) {
        this.data = data;
        this.random = random;
        Map<WorkloadMix.Kind, Double> weights = data.spec().mix().weights();
        kinds = weights.keySet().toArray(new WorkloadMix.Kind[0]);
        kindCumulative = cumulative(weights.values().stream().mapToDouble(Double::doubleValue).toArray());
        baseRegionWeights = new double[Region.values().length];
        for (Map.Entry<Region, Double> e : data.spec().regions().weights().entrySet()) {
            baseRegionWeights[e.getKey().ordinal()] = e.getValue();
        }
    }

    private static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static int pick(double[] cumulative, double u) {
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    public long produced() { return sequence; }

    /** Next action with the spec's region weights. */
    public WorkItem next() { return next(baseRegionWeights); }

    /**
     * Next action; {@code regionWeights} (indexed by {@link Region#ordinal()}) lets a profile move traffic between
     * regions over time.
     */
    public WorkItem next(double[] regionWeights) {
        long seq = sequence++;
        Region region = pickRegion(regionWeights);
        DataSpec.FlashSale sale = data.spec().flashSale();
        if (sale != null) {
            // Each buyer is a distinct customer who wants one unit of the hot SKU.
            int index = flashBuyersSoFar.merge(region, 1, Integer::sum) - 1;
            return new WorkItem.Checkout(seq, region, data.customerId(region, index),
                    List.of(new CartLine(sale.sku(), 1)), PaymentMethod.card(random.nextDouble() < data.spec().declineRatio()));
        }
        String customerId = data.customerId(region, random.nextInt(data.poolSize(region)));
        WorkloadMix.Kind kind = kinds[pick(kindCumulative, random.nextDouble())];
        switch (kind) {
            case CHECKOUT:
                return new WorkItem.Checkout(seq, region, customerId, cart(),
                        PaymentMethod.card(random.nextDouble() < data.spec().declineRatio()));
            case ORDER_LOOKUP:
                return new WorkItem.OrderLookup(seq, region, customerId, random.nextLong() & Long.MAX_VALUE);
            case CUSTOMER_ORDERS:
                return new WorkItem.CustomerOrders(seq, region, customerId);
            case STOCK_LOOKUP:
                return new WorkItem.StockLookup(seq, region, customerId, data.skuForDraw(random.nextDouble()));
            case SUPPORT_CASE:
                WorkItem.SupportCase.Action action = random.nextDouble() < CANCELLATION_SHARE
                        ? WorkItem.SupportCase.Action.CANCELLATION : WorkItem.SupportCase.Action.LOOKUP;
                return new WorkItem.SupportCase(seq, region, customerId, action, random.nextLong() & Long.MAX_VALUE);
            case NOTIFICATION_PREFERENCES:
                return new WorkItem.PreferencesChange(seq, region, customerId, new NotificationPreferences(
                        random.nextDouble() < 0.9, random.nextDouble() < 0.35, random.nextDouble() < 0.6));
            default:
                throw new IllegalStateException("unhandled workload kind " + kind);
        }
    }

    private Region pickRegion(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        Region[] regions = Region.values();
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0 && weights[i] > 0) {
                return regions[i];
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return regions[i];
            }
        }
        throw new IllegalStateException("no region has a positive weight");
    }

    private List<CartLine> cart() {
        int size = Math.min(pick(CART_SIZE_CUMULATIVE, random.nextDouble()) + 1, data.spec().catalogSize());
        List<CartLine> lines = new ArrayList<>(size);
        List<String> seen = new ArrayList<>(size);
        for (int attempts = 0; lines.size() < size && attempts < size * 8; attempts++) {
            String sku = data.skuForDraw(random.nextDouble());
            int quantity = pick(QUANTITY_CUMULATIVE, random.nextDouble()) + 1;
            if (!seen.contains(sku)) {
                seen.add(sku);
                lines.add(new CartLine(sku, quantity));
            }
        }
        return lines;
    }

    private static final double[] QUANTITY_CUMULATIVE = cumulative(QUANTITY);
    private static final double[] CART_SIZE_CUMULATIVE = cumulative(CART_SIZE);
}
