package io.firedrill.payment.domain;

/** What may be stored or shown of a payment method: a card number keeps its last four digits only. */
public final class PaymentMethods {

    private PaymentMethods() {}

    /** {@code 4000000000000002} → {@code ************0002}; anything that is not a card number stays as it is. */
    public static String mask(String method) {
        String digits = method.replaceAll("[ -]", "");
        if (digits.length() >= 12 && digits.chars().allMatch(Character::isDigit)) {
            return "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4);
        }
        return method;
    }
}
