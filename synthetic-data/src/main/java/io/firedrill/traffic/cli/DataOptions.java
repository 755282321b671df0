package io.firedrill.traffic.cli;

import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.data.RegionWeights;
import io.firedrill.traffic.data.WorkloadMix;
import picocli.CommandLine.Option;

/** Options shared by run and generate: what the synthetic shoppers look like. */
final class DataOptions {
    @Option(names = "--seed", defaultValue = "42", description = "Seed of every generator: same seed, same customers, carts, "
            + "schedule and request sequence. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--customers", defaultValue = "1000", description = "Customers in the pool, split over regions. "
            + "Default: ${DEFAULT-VALUE}.")
    int customers;

    @Option(names = "--catalog-size", defaultValue = "200", description = "SKUs in the catalog. Default: ${DEFAULT-VALUE}.")
    int catalogSize;

    @Option(names = "--decline-ratio", defaultValue = "5%", converter = Ratio.class, description = "Share of checkouts paid "
            + "with the declining test card 4000000000000002 (the rest use 4242424242424242). Default: 5%%.")
    double declineRatio;

    @Option(names = "--mix", defaultValue = "checkout=55,order_lookup=15,customer_orders=10,stock_lookup=8,support_case=5,"
            + "notification_preferences=7", description = "Relative weights of the user actions: checkout, order_lookup, "
            + "customer_orders, stock_lookup, support_case (look-up or cancellation), notification_preferences. "
            + "Default: ${DEFAULT-VALUE}.")
    String mix;

    @Option(names = "--regions", defaultValue = "eu-west=45,us-east=35,ap-south=20", description = "Traffic share per tenant "
            + "region (eu-west, us-east, ap-south). Default: ${DEFAULT-VALUE}.")
    String regions;

    @Option(names = "--sku-skew", defaultValue = "1.0", description = "Zipf exponent of SKU popularity, 0 = uniform. "
            + "Default: ${DEFAULT-VALUE}.")
    double skuSkew;

    @Option(names = "--stock", defaultValue = "500..5000", description = "Stock range per SKU loaded before the run, MIN..MAX. "
            + "Default: ${DEFAULT-VALUE}.")
    String stock;

    DataSpec spec() {
        String[] range = stock.split("\\.\\.");
        if (range.length != 2) {
            throw new IllegalArgumentException("--stock must look like 500..5000, got " + stock);
        }
        int min;
        int max;
        try {
            min = Integer.parseInt(range[0].trim());
            max = Integer.parseInt(range[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--stock must look like 500..5000, got " + stock);
        }
        return new DataSpec(customers, catalogSize, declineRatio, RegionWeights.parse(regions), WorkloadMix.parse(mix),
                skuSkew, min, max, null);
    }
}
