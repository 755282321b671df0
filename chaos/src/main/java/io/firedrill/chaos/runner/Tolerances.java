package io.firedrill.chaos.runner;

import io.firedrill.chaos.model.Activity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judges a probe's output against its tolerance. A map output is judged by its {@code body} (HTTP) or its
 * {@code value} (probes that report details beside the figure they are judged by).
 */
public final class Tolerances {

    private Tolerances() {}

    public static boolean met(Activity.Tolerance tolerance, Object output) {
        Object value = judged(tolerance, output);
        if (tolerance.min() != null || tolerance.max() != null) {
            Double number = asNumber(value);
            if (number == null) {
                return false;
            }
            if (tolerance.min() != null && number < tolerance.min()) {
                return false;
            }
            if (tolerance.max() != null && number > tolerance.max()) {
                return false;
            }
        }
        if (tolerance.equalTo() != null && !Objects.equals(normalize(tolerance.equalTo()), normalize(value))) {
            return false;
        }
        return tolerance.contains() == null || String.valueOf(value).contains(tolerance.contains());
    }

    /** The number a probe's output is judged by (its body's or value's field at the tolerance's path), or null. */
    public static Double measured(Activity.Tolerance tolerance, Object output) {
        return asNumber(judged(tolerance, output));
    }

    private static Object judged(Activity.Tolerance tolerance, Object output) {
        Object raw = output instanceof Map<?, ?> map && map.containsKey("body") ? map.get("body")
                : output instanceof Map<?, ?> map && map.containsKey("value") ? map.get("value") : output;
        return select(raw, tolerance.path());
    }

    public static String describe(Activity.Tolerance tolerance) {
        List<String> parts = new ArrayList<>();
        if (tolerance.path() != null) parts.add("'" + tolerance.path() + "'");
        if (tolerance.min() != null) parts.add(">= " + tolerance.min());
        if (tolerance.max() != null) parts.add("<= " + tolerance.max());
        if (tolerance.equalTo() != null) parts.add("== " + tolerance.equalTo());
        if (tolerance.contains() != null) parts.add("contains '" + tolerance.contains() + "'");
        return String.join(" and ", parts);
    }

    /** The field at a dotted path of a parsed JSON body (maps, and list indexes as numbers), or null if absent. */
    static Object select(Object value, String path) {
        if (path == null || path.isBlank()) {
            return value;
        }
        Object current = value;
        for (String part : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(part);
            } else if (current instanceof List<?> list && part.matches("\\d+") && Integer.parseInt(part) < list.size()) {
                current = list.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return current;
    }

    private static Double asNumber(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return value == null ? null : Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object normalize(Object value) {
        Double number = asNumber(value);
        return number != null ? number : value == null ? null : value.toString();
    }
}
