package io.firedrill.inventory.domain;

import io.firedrill.contracts.LineItem;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** {@code quantity} units of {@code sku} held by one reservation. */
public record ReservationLine(String sku, int quantity) {

    public ReservationLine {
        Objects.requireNonNull(sku, "sku");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity of " + sku + " must be positive, got " + quantity);
        }
    }

    /**
     * Order lines as reservation lines: one per SKU (quantities of a repeated SKU are summed), sorted by SKU.
     * Every transaction that touches several stock rows locks them in this order, so two of them never deadlock.
     */
    public static List<ReservationLine> normalize(Collection<LineItem> items) {
        Map<String, Integer> bySku = new TreeMap<>();
        for (LineItem item : items) {
            bySku.merge(item.sku(), item.quantity(), Math::addExact);
        }
        return bySku.entrySet().stream().map(e -> new ReservationLine(e.getKey(), e.getValue())).toList();
    }

    /** The same lines sorted by SKU (lock order). */
    public static List<ReservationLine> sorted(Collection<ReservationLine> lines) {
        return lines.stream().sorted(java.util.Comparator.comparing(ReservationLine::sku)).toList();
    }
}
