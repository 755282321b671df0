package io.firedrill.payment.provider;

import java.util.UUID;

/**
 * The payment provider the service charges through. Calls carry an idempotency key (the order id for an
 * authorization, the payment id for a refund), as real providers accept, so a call repeated after a crash or by a
 * racing redelivery never charges or refunds twice at the provider either. Implementations throw
 * {@link ProviderUnavailable} for failures worth retrying.
 */
public interface PaymentProvider {

    record AuthorizationRequest(UUID idempotencyKey, UUID customerId, long amountCents, String currency, String paymentMethod) {}

    /** Approved with the provider's reference, or declined with a reason (e.g. CARD_DECLINED). */
    record Authorization(boolean approved, String reference, String declineReason) {

        public static Authorization approved(String reference) {
            return new Authorization(true, reference, null);
        }

        public static Authorization declined(String reason) {
            return new Authorization(false, null, reason);
        }
    }

    record RefundRequest(UUID idempotencyKey, String authorizationReference, long amountCents, String currency) {}

    Authorization authorize(AuthorizationRequest request);

    /** Returns the provider's refund reference; throws {@link RefundFailed} when the provider answers with an error. */
    String refund(RefundRequest request);

    /**
     * The provider answered a refund with an error (its refund API failing, e.g. a processor error): nothing was
     * refunded, and asking again later may succeed. Not a timeout: the call is over and its answer is known.
     */
    class RefundFailed extends RuntimeException {
        public RefundFailed(String message) {
            super(message);
        }
    }

    /** The provider could not answer (timeout, outage): retry later; nothing happened. */
    class ProviderUnavailable extends RuntimeException {
        public ProviderUnavailable(String message) {
            super(message);
        }
    }
}
