package io.firedrill.inventory.domain;

import java.util.OptionalLong;

/**
 * When a SKU's availability is worth announcing: only when it crosses zero, from sellable ({@code > 0}) to sold out
 * ({@code <= 0}: negative when oversold) or back. Every other change (10 → 9, 0 → -1) is silent, so announcements cost
 * nothing on the checkout path until a SKU actually runs out.
 */
public final class AvailabilityCrossing {

    private AvailabilityCrossing() {}

    /** @return the units to announce (0 = sold out, never negative), or empty when nothing crossed */
    public static OptionalLong of(long before, long after) {
        if ((before > 0) == (after > 0)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(after, 0));
    }

    /** A SKU the catalog load creates: unknown to buyers before, so sellable as far as they know. */
    public static OptionalLong ofNewSku(long after) {
        return after > 0 ? OptionalLong.empty() : OptionalLong.of(0);
    }
}
