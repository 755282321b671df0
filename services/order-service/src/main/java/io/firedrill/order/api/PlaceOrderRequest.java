package io.firedrill.order.api;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.LineItem;
import io.firedrill.contracts.TenantRegion;
import io.firedrill.order.checkout.PlaceOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Body of {@code POST /api/orders}. Bounds match the contracts, so every accepted request yields valid messages. */
public record PlaceOrderRequest(
        @NotNull UUID customerId,
        @NotNull @Pattern(regexp = "eu-west|us-east|ap-south", message = "must be one of eu-west, us-east, ap-south")
        String tenantRegion,
        @NotNull @Size(min = 1, max = 50) @UniqueSkus List<@NotNull @Valid Item> items,
        @NotNull @Valid PaymentMethod paymentMethod,
        @Valid ShippingAddress shippingAddress) {

    public record Item(
            @NotNull @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{2,31}", message = "must be 3..32 characters A-Z, 0-9 or '-'")
            String sku,
            @NotNull @Min(1) @Max(100) Integer quantity) {}

    /**
     * A card tokenized at payment-service ({@code POST /api/payment-methods}): {@code {"type":"token","token":"pm_..."}}.
     * A card number is refused (400, and neither echoed nor logged): no card number ever reaches order-service's
     * tables, its events or the commands it sends.
     */
    public record PaymentMethod(
            @NotNull @Pattern(regexp = "token", message = "must be token (tokenize the card at payment-service, POST "
                    + "/api/payment-methods)") String type,
            @NotNull @Pattern(regexp = "pm_[A-Za-z0-9_-]{8,64}", message = "must be a payment-method token (pm_...) from "
                    + "payment-service") String token,
            @Null(message = "is not accepted: tokenize the card at payment-service (POST /api/payment-methods) and send "
                    + "its token") String cardNumber) {

        @Override
        public String toString() {
            return "PaymentMethod[type=" + type + ", token=" + token + (cardNumber == null ? "" : ", cardNumber=****") + "]";
        }
    }

    public record ShippingAddress(
            @NotBlank @Size(max = 200) String recipient,
            @NotBlank @Size(max = 200) String line1,
            @Size(max = 200) String line2,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 20) String postalCode,
            @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country) {}

    PlaceOrder toCommand() {
        Address address = shippingAddress == null ? null : new Address(shippingAddress.recipient().trim(),
                shippingAddress.line1().trim(),
                shippingAddress.line2() == null || shippingAddress.line2().isBlank() ? null : shippingAddress.line2().trim(),
                shippingAddress.city().trim(), shippingAddress.postalCode().trim(), shippingAddress.country());
        return new PlaceOrder(customerId, TenantRegion.fromId(tenantRegion),
                items.stream().map(i -> new LineItem(i.sku(), i.quantity())).toList(), paymentMethod.token(), address);
    }

}
