package io.firedrill.traffic.data;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Relative weights of the user actions, e.g. {@code checkout=55,order_lookup=15,support_case=5}. */
public record WorkloadMix(Map<Kind, Double> weights) {

    public enum Kind {
        CHECKOUT, ORDER_LOOKUP, CUSTOMER_ORDERS, STOCK_LOOKUP, SUPPORT_CASE, NOTIFICATION_PREFERENCES;

        public String key() { return name().toLowerCase(Locale.ROOT); }

        static Kind fromKey(String key) {
            for (Kind kind : values()) {
                if (kind.key().equals(key.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown workload '" + key + "' in --mix (known: "
                    + Arrays.stream(values()).map(Kind::key).collect(Collectors.joining(", ")) + ")");
        }
    }

    public static final WorkloadMix DEFAULT = parse(
            "checkout=55,order_lookup=15,customer_orders=10,stock_lookup=8,support_case=5,notification_preferences=7");
    public static final WorkloadMix CHECKOUT_ONLY = parse("checkout=100");

    public WorkloadMix {
        EnumMap<Kind, Double> copy = new EnumMap<>(Kind.class);
        copy.putAll(weights);
        copy.values().removeIf(w -> w == 0);
        if (copy.values().stream().anyMatch(w -> w < 0 || !Double.isFinite(w))) {
            throw new IllegalArgumentException("workload weights must be finite and >= 0: " + weights);
        }
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("the workload mix needs at least one positive weight");
        }
        weights = java.util.Collections.unmodifiableMap(copy);
    }

    public static WorkloadMix parse(String spec) {
        return new WorkloadMix(Weights.parse(spec, "--mix", Kind::fromKey, Kind.class));
    }

    /** The action for a uniform draw {@code u} in [0, 1). */
    Kind pick(double u) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double x = u * total;
        Kind last = null;
        for (Map.Entry<Kind, Double> e : weights.entrySet()) {
            last = e.getKey();
            x -= e.getValue();
            if (x < 0) {
                return last;
            }
        }
        return last;
    }

    @Override
    public String toString() { return Weights.format(weights, Kind::key); }
}
