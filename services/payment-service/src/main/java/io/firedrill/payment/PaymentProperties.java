package io.firedrill.payment;

import io.firedrill.payment.admin.PaymentSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of payment-service ({@code firedrill.payment.*}); the defaults work on the embedded stack.
 *
 * @param providerLatency start value of the runtime provider latency
 * @param declineRatio    start value of the runtime share of extra (RISK_DECLINED) declines, 0..1
 * @param declineSeed     seed of the extra declines: the same seed declines the same orders
 * @param providerTimeout a provider call slower than this fails as unavailable (and is retried)
 * @param dedup           start value of the runtime dedup switch: a redelivered AuthorizePayment is recognised (its
 *                        processed-message row, the order's existing payment) and charges nothing; false is the legacy
 *                        consumer that charges every delivery
 * @param doubleChargeCheckInterval   pause between two checks of the ledger for orders charged more than once (a check
 *                        reads nothing while no payment is written)
 * @param doubleChargeRecountInterval how often that check reads every order paid more than once again
 */
@ConfigurationProperties("firedrill.payment")
public record PaymentProperties(
        @DefaultValue("50ms") Duration providerLatency,
        @DefaultValue("0") double declineRatio,
        @DefaultValue("42") long declineSeed,
        @DefaultValue("10s") Duration providerTimeout,
        @DefaultValue("true") boolean dedup,
        @DefaultValue("1s") Duration doubleChargeCheckInterval,
        @DefaultValue("10m") Duration doubleChargeRecountInterval) {

    public PaymentProperties {
        PaymentSettings.check(providerLatency, declineRatio);
        if (providerTimeout.isNegative() || providerTimeout.isZero()) {
            throw new IllegalArgumentException("firedrill.payment.provider-timeout must be positive");
        }
        if (doubleChargeCheckInterval.isNegative() || doubleChargeCheckInterval.isZero() || doubleChargeRecountInterval.isNegative()
                || doubleChargeRecountInterval.isZero()) {
            throw new IllegalArgumentException("firedrill.payment.double-charge-check-interval and -recount-interval must be positive");
        }
    }
}
