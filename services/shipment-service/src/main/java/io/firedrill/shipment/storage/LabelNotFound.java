package io.firedrill.shipment.storage;

/** The store answered, and it has no object under the key. */
public class LabelNotFound extends RuntimeException {
    private final String key;

    public LabelNotFound(String key) {
        super("no label object at " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
