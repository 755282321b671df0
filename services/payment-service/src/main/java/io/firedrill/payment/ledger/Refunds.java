package io.firedrill.payment.ledger;

import io.firedrill.messaging.TransientFailure;
import io.firedrill.payment.PaymentMetrics;
import io.firedrill.payment.domain.Payment;
import io.firedrill.payment.persistence.PaymentRepository;
import io.firedrill.payment.provider.PaymentProvider;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Gives an AUTHORIZED payment's whole charge back: the provider refund (keyed by the payment id), the payment REFUNDED
 * and the REFUND entry that brings its ledger to 0. Runs in the caller's transaction, with the payment locked: the
 * saga's RefundPayment and the repair of double charges both go through here.
 */
@Component
public class Refunds {

    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final PaymentMetrics metrics;
    private final Clock clock;

    Refunds(PaymentRepository payments, PaymentProvider provider, PaymentMetrics metrics, Clock clock) {
        this.payments = payments;
        this.provider = provider;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Refunds {@code before} (AUTHORIZED, locked by the caller). A provider that cannot be reached is transient; one that
     * answers with an error throws {@link PaymentProvider.RefundFailed}. Either way nothing was refunded.
     */
    public Payment.Refunded refund(Payment before) {
        try {
            metrics.timeProvider("refund", () -> provider.refund(new PaymentProvider.RefundRequest(before.id(),
                    before.providerReference(), before.amountCents(), before.currency())));
        } catch (PaymentProvider.RefundFailed e) {
            throw e; // the provider answered: nothing was refunded, the caller decides (the saga resends)
        } catch (RuntimeException e) {
            throw new TransientFailure("provider could not refund payment " + before.id() + ": " + e.getMessage(), e);
        }
        Payment.Refunded refunded = before.refund(Instant.now(clock));
        payments.update(before, refunded.payment());
        payments.append(refunded.refund());
        return refunded;
    }
}
