package io.firedrill.traffic.data;

/**
 * A customer's card; the two numbers are the payment simulator's deterministic test cards. The generator tokenizes
 * it at payment-service ({@code POST /api/payment-methods}) before the customer's first checkout with it, and checks
 * out with the token: order-service never sees a card number.
 */
public record PaymentMethod(String type, String cardNumber) {

    public static final String AUTHORIZING_CARD = "4242424242424242";
    public static final String DECLINING_CARD = "4000000000000002";

    public static PaymentMethod card(boolean declining) {
        return new PaymentMethod("card", declining ? DECLINING_CARD : AUTHORIZING_CARD);
    }

    public boolean declines() { return DECLINING_CARD.equals(cardNumber); }

    /** Never prints the number. */
    @Override
    public String toString() {
        return "PaymentMethod[type=" + type + ", cardNumber=****" + cardNumber.substring(cardNumber.length() - 4) + "]";
    }
}
