package io.firedrill.traffic.data;

/**
 * What to generate: pool sizes and ratios. The seed is separate, so one spec can be replayed with many seeds.
 *
 * @param customers    customers in the pool, split over regions by their weights
 * @param catalogSize  SKUs in the catalog
 * @param declineRatio share of checkouts paid with the declining test card, 0..1
 * @param skuSkew      Zipf exponent of SKU popularity (0 = uniform; ~1 is typical retail)
 * @param flashSale    the hot item of a flash sale, or null
 */
public record DataSpec(int customers, int catalogSize, double declineRatio, RegionWeights regions, WorkloadMix mix,
                       double skuSkew, int stockMin, int stockMax, FlashSale flashSale) {

    /** Thundering herd: {@code buyers} distinct customers race for {@code units} of one SKU. */
    public record FlashSale(String sku, int units, int buyers) {
        public FlashSale {
            if (units < 0 || buyers < 1) {
                throw new IllegalArgumentException("flash sale needs units >= 0 and buyers >= 1");
            }
        }
    }

    public static final int MAX_POOL = 10_000_000;

    public DataSpec {
        if (customers < 1 || customers > MAX_POOL) {
            throw new IllegalArgumentException("customers must be between 1 and " + MAX_POOL + ", got " + customers);
        }
        if (catalogSize < 1 || catalogSize > 100_000) {
            throw new IllegalArgumentException("catalog size must be between 1 and 100000, got " + catalogSize);
        }
        if (!(declineRatio >= 0 && declineRatio <= 1)) {
            throw new IllegalArgumentException("decline ratio must be between 0% and 100%, got " + declineRatio);
        }
        if (!(skuSkew >= 0 && skuSkew <= 5)) {
            throw new IllegalArgumentException("SKU skew must be between 0 and 5, got " + skuSkew);
        }
        if (stockMin < 0 || stockMax < stockMin) {
            throw new IllegalArgumentException("stock range must satisfy 0 <= min <= max, got " + stockMin + ".." + stockMax);
        }
    }

    public static DataSpec defaults() {
        return new DataSpec(1_000, 200, 0.05, RegionWeights.DEFAULT, WorkloadMix.DEFAULT, 1.0, 500, 5_000, null);
    }

    public DataSpec withFlashSale(FlashSale sale) {
        return new DataSpec(Math.max(customers, sale.buyers()), catalogSize, declineRatio, regions,
                WorkloadMix.CHECKOUT_ONLY, skuSkew, stockMin, stockMax, sale);
    }

    public DataSpec withMix(WorkloadMix newMix) {
        return new DataSpec(customers, catalogSize, declineRatio, regions, newMix, skuSkew, stockMin, stockMax, flashSale);
    }

    public DataSpec withRegions(RegionWeights newRegions) {
        return new DataSpec(customers, catalogSize, declineRatio, newRegions, mix, skuSkew, stockMin, stockMax, flashSale);
    }
}
