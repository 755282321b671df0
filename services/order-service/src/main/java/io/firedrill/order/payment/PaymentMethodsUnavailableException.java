package io.firedrill.order.payment;

/** payment-service's card vault could not say what a token stands for right now: retry later (503 with Retry-After). */
public class PaymentMethodsUnavailableException extends RuntimeException {
    public PaymentMethodsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
