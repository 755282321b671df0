package io.firedrill.traffic.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses and prints {@code key=weight,...} lists of enum keys. */
final class Weights {
    private Weights() {}

    static <E extends Enum<E>> EnumMap<E, Double> parse(String spec, String option, Function<String, E> key, Class<E> type) {
        EnumMap<E, Double> weights = new EnumMap<>(type);
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(option + " is empty");
        }
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException(option + ": expected key=weight, got '" + part + "'");
            }
            double weight;
            try {
                weight = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": weight of '" + kv[0].trim() + "' is not a number: " + kv[1]);
            }
            if (weight < 0 || !Double.isFinite(weight)) {
                throw new IllegalArgumentException(option + ": weight of '" + kv[0].trim() + "' must be >= 0");
            }
            weights.put(key.apply(kv[0]), weight);
        }
        return weights;
    }

    static <E extends Enum<E>> String format(Map<E, Double> weights, Function<E, String> key) {
        return weights.entrySet().stream()
                .map(e -> key.apply(e.getKey()) + "=" + trim(e.getValue()))
                .collect(Collectors.joining(","));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
