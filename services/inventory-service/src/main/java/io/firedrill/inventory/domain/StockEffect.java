package io.firedrill.inventory.domain;

/**
 * What a reservation's transition does to the stock rows of its lines, per unit: {@code reserved += reservedSign * q},
 * {@code committed += committedSign * q}. on_hand never changes here; only the catalog load sets it.
 */
public enum StockEffect {
    /** Nothing moves (re-announcements, refusals of units already returned). */
    NONE(0, 0),
    /** Commit of a live reservation: held units become sold units. */
    RESERVED_TO_COMMITTED(-1, 1),
    /**
     * Legacy commit with the guard off of a reservation whose units were already returned: they are sold again
     * although another order may hold them now. This is how committed ends up above on_hand (the oversell).
     */
    COMMIT_RETURNED_UNITS(0, 1),
    /** Expiry or release of a live reservation: held units become available. */
    RETURN_RESERVED(-1, 0),
    /** Release of a committed reservation (compensation of a sale): sold units become available. */
    RETURN_COMMITTED(0, -1);

    private final int reservedSign;
    private final int committedSign;

    StockEffect(int reservedSign, int committedSign) {
        this.reservedSign = reservedSign;
        this.committedSign = committedSign;
    }

    public int reservedSign() {
        return reservedSign;
    }

    public int committedSign() {
        return committedSign;
    }

    /** How {@code available = on_hand - reserved - committed} moves, per unit: 0 for a commit of held units. */
    public int availableSign() {
        return -(reservedSign + committedSign);
    }
}
