package io.firedrill.traffic.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Share of traffic per tenant region, e.g. {@code eu-west=45,us-east=35,ap-south=20}. */
public record RegionWeights(Map<Region, Double> weights) {

    public static final RegionWeights DEFAULT = parse("eu-west=45,us-east=35,ap-south=20");

    public RegionWeights {
        EnumMap<Region, Double> copy = new EnumMap<>(Region.class);
        copy.putAll(weights);
        copy.values().removeIf(w -> w == 0);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("at least one tenant region needs a positive weight");
        }
        weights = Collections.unmodifiableMap(copy);
    }

    public static RegionWeights parse(String spec) {
        return new RegionWeights(Weights.parse(spec, "--regions", Region::fromId, Region.class));
    }

    public double share(Region region) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        return weights.getOrDefault(region, 0.0) / total;
    }

    /** The region for a uniform draw {@code u} in [0, 1). */
    public Region pick(double u) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double x = u * total;
        Region last = null;
        for (Map.Entry<Region, Double> e : weights.entrySet()) {
            last = e.getKey();
            x -= e.getValue();
            if (x < 0) {
                return last;
            }
        }
        return last;
    }

    @Override
    public String toString() { return Weights.format(weights, Region::id); }
}
