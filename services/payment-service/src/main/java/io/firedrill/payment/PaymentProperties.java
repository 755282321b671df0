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
 */
@ConfigurationProperties("firedrill.payment")
public record PaymentProperties(
        @DefaultValue("50ms") Duration providerLatency,
        @DefaultValue("0") double declineRatio,
        @DefaultValue("42") long declineSeed,
        @DefaultValue("10s") Duration providerTimeout) {

    public PaymentProperties {
        PaymentSettings.check(providerLatency, declineRatio);
        if (providerTimeout.isNegative() || providerTimeout.isZero()) {
            throw new IllegalArgumentException("firedrill.payment.provider-timeout must be positive");
        }
    }
}
