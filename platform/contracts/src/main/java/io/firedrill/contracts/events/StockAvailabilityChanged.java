package io.firedrill.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A SKU's available quantity crossed zero: it sold out ({@code available == 0}) or came back in stock
 * ({@code available > 0}: a reservation released or expired, a restock). Inventory announces only the crossings, in the
 * transaction that moved the stock, so an idle shop publishes nothing; order-service keeps a sold-out view from them.
 *
 * <p>Not a message of one order: its key ({@link #orderId()}) is a UUID derived from the SKU, so every change of one SKU
 * travels on one partition, in the order inventory committed them.
 *
 * @param available units available right after the change (0 = sold out); never negative, even when oversold
 */
public record StockAvailabilityChanged(String sku, long available) implements Event {

    public StockAvailabilityChanged {
        if (available < 0) {
            throw new IllegalArgumentException("available must be >= 0, got " + available + " for " + sku);
        }
    }

    public boolean soldOut() {
        return available == 0;
    }

    /** The Kafka key: {@link #streamId(String)} of the SKU, not an order id. */
    @Override
    @JsonIgnore
    public UUID orderId() {
        return streamId(sku);
    }

    /** The stable, name-based UUID that keys the availability changes of {@code sku}. */
    public static UUID streamId(String sku) {
        return UUID.nameUUIDFromBytes(("stock:" + sku).getBytes(StandardCharsets.UTF_8));
    }
}
