package io.firedrill.order.catalog;

/** The catalog does not know this SKU: the checkout is refused (422), no order is created. */
public class UnknownSkuException extends RuntimeException {

    private final String sku;

    public UnknownSkuException(String sku) {
        super("unknown SKU " + sku);
        this.sku = sku;
    }

    public String sku() {
        return sku;
    }
}
