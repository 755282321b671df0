package io.firedrill.order.checkout;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.LineItem;
import io.firedrill.contracts.TenantRegion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A validated checkout request. {@code paymentToken} is the customer's card token at payment-service (never a card
 * number); {@code shippingAddress} may be null (a placeholder is derived from the customer).
 */
public record PlaceOrder(UUID customerId, TenantRegion tenantRegion, List<LineItem> items, String paymentToken,
                         Address shippingAddress) {

    public PlaceOrder {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(tenantRegion, "tenantRegion");
        items = List.copyOf(items);
        Objects.requireNonNull(paymentToken, "paymentToken");
    }

    /**
     * SHA-256 over every field, in a fixed order: what an Idempotency-Key is bound to. Two requests hash alike
     * exactly when they ask for the same checkout.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder()
                .append(customerId).append('\n').append(tenantRegion.id()).append('\n').append(paymentToken).append('\n');
        items.forEach(i -> canonical.append(i.sku()).append('*').append(i.quantity()).append('\n'));
        if (shippingAddress != null) {
            Address a = shippingAddress;
            for (String part : new String[] {a.recipient(), a.line1(), a.line2(), a.city(), a.postalCode(), a.country()}) {
                canonical.append(part == null ? "\u0000" : part).append('\u001f');
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Where to ship when the request names no address: stable per customer, in the region's country. */
    public Address addressOrPlaceholder() {
        if (shippingAddress != null) {
            return shippingAddress;
        }
        String id = customerId.toString();
        String country = switch (tenantRegion) {
            case EU_WEST -> "IE";
            case US_EAST -> "US";
            case AP_SOUTH -> "IN";
        };
        int house = (int) (Math.floorMod(customerId.getLeastSignificantBits(), 999L) + 1);
        return new Address("Customer " + id.substring(0, 8), house + " Placeholder Street", null, "Firedrill City",
                id.substring(0, 5).toUpperCase(), country);
    }
}
