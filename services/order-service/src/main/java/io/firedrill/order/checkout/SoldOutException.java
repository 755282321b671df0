package io.firedrill.order.checkout;

/**
 * {@code POST /api/orders} refused before any order is written: {@code sku} is sold out, as inventory announced or
 * because every unit it last reported free is claimed by checkouts placed here ({@link AvailabilityView}).
 */
public class SoldOutException extends RuntimeException {

    private final String sku;

    public SoldOutException(String sku) {
        super("SKU " + sku + " is sold out", null, false, false);
        this.sku = sku;
    }

    public String sku() {
        return sku;
    }
}
