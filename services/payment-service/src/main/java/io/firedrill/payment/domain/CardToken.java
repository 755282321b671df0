package io.firedrill.payment.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A tokenized card: what the vault keeps of it (brand and last four digits, never the number) and the token a client
 * checks out with. The token is 144 random bits, so it cannot be guessed; it belongs to one customer.
 */
public record CardToken(String token, UUID customerId, String brand, String last4, Instant createdAt) {

    /** {@code pm_} and 24 characters of base64url. */
    public static final Pattern TOKEN = Pattern.compile("pm_[A-Za-z0-9_-]{24}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Why a card number cannot be tokenized. */
    public static final class InvalidCardNumber extends IllegalArgumentException {
        public InvalidCardNumber(String message) {
            super(message);
        }
    }

    /** Tokenizes {@code number} (digits; spaces and dashes allowed) for {@code customerId}; the number is not kept. */
    public static CardToken issue(UUID customerId, String number, Instant now) {
        String digits = number.replaceAll("[ -]", "");
        if (!digits.matches("[0-9]{13,19}")) {
            throw new InvalidCardNumber("a card number has 13 to 19 digits");
        }
        if (!luhn(digits)) {
            throw new InvalidCardNumber("the card number fails its check digit (Luhn)");
        }
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return new CardToken("pm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), customerId,
                brand(digits), digits.substring(digits.length() - 4), now);
    }

    /** What may be shown and stored with a payment: {@code visa ****4242}. */
    public String masked() {
        return brand + " ****" + last4;
    }

    public static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** The card network from the number's first digits (IIN ranges), {@code card} when none matches. */
    static String brand(String digits) {
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        if (digits.charAt(0) == '4') {
            return "visa";
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return "mastercard";
        }
        if (two == 34 || two == 37) {
            return "amex";
        }
        if (four == 6011 || two == 65) {
            return "discover";
        }
        return "card";
    }
}
