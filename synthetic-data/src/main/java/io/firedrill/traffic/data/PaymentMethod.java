package io.firedrill.traffic.data;

/** A card; the two numbers are the payment simulator's deterministic test cards. */
public record PaymentMethod(String type, String cardNumber) {

    public static final String AUTHORIZING_CARD = "4242424242424242";
    public static final String DECLINING_CARD = "4000000000000002";

    public static PaymentMethod card(boolean declining) {
        return new PaymentMethod("card", declining ? DECLINING_CARD : AUTHORIZING_CARD);
    }

    public boolean declines() { return DECLINING_CARD.equals(cardNumber); }
}
