package io.firedrill.order.payment;

/** The checkout's card token is not in payment-service's vault, or belongs to another customer (422). */
public class UnknownPaymentMethodException extends RuntimeException {

    private final String token;

    public UnknownPaymentMethodException(String token) {
        super("unknown payment method");
        this.token = token;
    }

    public String token() {
        return token;
    }
}
