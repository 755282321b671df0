package io.firedrill.order.checkout;

/** {@code POST /api/orders} refused before any work: inventory announced {@code sku} as sold out. */
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
