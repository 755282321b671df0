package io.firedrill.shipment.domain;

import java.util.UUID;

/**
 * Tracking numbers: {@code FD} + 11 digits derived from the order id + a Luhn check digit, e.g.
 * {@code FD212822366572}. Derived rather than random so that a label rendered again for the same order is
 * byte-for-byte the same; only upper-case letters and digits, so it fits Code 39.
 */
public final class TrackingNumber {

    static final String PREFIX = "FD";
    private static final long SPACE = 100_000_000_000L; // 11 digits

    private TrackingNumber() {}

    public static String forOrder(UUID orderId) {
        long mixed = orderId.getMostSignificantBits() * 31 + orderId.getLeastSignificantBits();
        String digits = String.format("%011d", Math.floorMod(mixed, SPACE));
        return PREFIX + digits + luhn(digits);
    }

    public static boolean isValid(String trackingNumber) {
        if (trackingNumber == null || !trackingNumber.matches(PREFIX + "\\d{12}")) {
            return false;
        }
        String digits = trackingNumber.substring(PREFIX.length(), trackingNumber.length() - 1);
        return luhn(digits) == trackingNumber.charAt(trackingNumber.length() - 1) - '0';
    }

    /** Check digit that makes {@code digits + check} pass the Luhn test. */
    static int luhn(String digits) {
        int sum = 0;
        boolean doubled = true; // the rightmost payload digit is doubled once the check digit is appended
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }
}
