package io.firedrill.order.checkout;

/** {@code POST /api/orders} refused before any work: as many checkout sagas as allowed are already in flight. */
public class OverloadedException extends RuntimeException {

    private final int limit;

    public OverloadedException(int limit) {
        super("checkout refused: " + limit + " sagas already in flight", null, false, false);
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
