package io.firedrill.payment.provider;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The simulated provider's decisions, deterministic so tests and drills can rely on them:
 * a payment method (the vault's masked card, e.g. {@code visa ****0002}) ending in {@code 0002} (test card 4000000000000002) is declined CARD_DECLINED, one ending in
 * {@code 9995} INSUFFICIENT_FUNDS; on top of that a fraction {@code declineRatio} of all other orders is declined
 * RISK_DECLINED, chosen by a hash of the order id and the seed, so the same order always gets the same answer
 * (redeliveries agree) and the same seed picks the same orders in every run.
 */
public final class DeclineRule {

    public static final String CARD_DECLINED = "CARD_DECLINED";
    public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
    public static final String RISK_DECLINED = "RISK_DECLINED";
    /** The command's token is not in the vault or is another customer's: declined without asking the provider. */
    public static final String INVALID_PAYMENT_METHOD = "INVALID_PAYMENT_METHOD";

    private DeclineRule() {}

    public static Optional<String> decline(String paymentMethod, UUID orderId, double declineRatio, long seed) {
        String method = paymentMethod.strip();
        if (method.endsWith("0002")) {
            return Optional.of(CARD_DECLINED);
        }
        if (method.endsWith("9995")) {
            return Optional.of(INSUFFICIENT_FUNDS);
        }
        if (declineRatio > 0 && draw(orderId, seed) < declineRatio) {
            return Optional.of(RISK_DECLINED);
        }
        return Optional.empty();
    }

    /** A uniform number in [0, 1) fixed by the order id and the seed. */
    static double draw(UUID orderId, long seed) {
        return new SplittableRandom(seed ^ orderId.getMostSignificantBits() ^ Long.rotateLeft(orderId.getLeastSignificantBits(), 31))
                .nextDouble();
    }
}
