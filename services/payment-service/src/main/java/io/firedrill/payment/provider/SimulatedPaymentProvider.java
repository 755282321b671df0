package io.firedrill.payment.provider;

import io.firedrill.payment.PaymentProperties;
import io.firedrill.payment.admin.PaymentSettings;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Service;

/**
 * A provider that answers after {@code providerLatency} (a runtime setting) with the {@link DeclineRule} decision.
 * A latency above {@code firedrill.payment.provider-timeout} behaves like a real client timing out: it waits the
 * timeout, then throws {@link PaymentProvider.ProviderUnavailable}. A share {@code refundFailureRatio} of refund calls,
 * drawn at random per call, is answered at once with an error ({@link PaymentProvider.RefundFailed}), as a provider
 * whose refund API fails does. A {@code @Service}, so chaos-monkey's service watcher can slow it down or make it throw
 * on top of the setting.
 */
@Service
public class SimulatedPaymentProvider implements PaymentProvider {

    private final PaymentSettings settings;
    private final PaymentProperties properties;

    SimulatedPaymentProvider(PaymentSettings settings, PaymentProperties properties) {
        this.settings = settings;
        this.properties = properties;
    }

    @Override
    public Authorization authorize(AuthorizationRequest request) {
        PaymentSettings.Snapshot now = settings.current();
        respondAfter(now.providerLatency(), "authorization");
        return DeclineRule.decline(request.paymentMethod(), request.idempotencyKey(), now.declineRatio(), properties.declineSeed())
                .map(Authorization::declined)
                .orElseGet(() -> Authorization.approved("sim-auth-" + request.idempotencyKey()));
    }

    @Override
    public String refund(RefundRequest request) {
        PaymentSettings.Snapshot now = settings.current();
        if (now.refundFailureRatio() > 0 && ThreadLocalRandom.current().nextDouble() < now.refundFailureRatio()) {
            throw new RefundFailed("provider refused refund " + request.idempotencyKey() + ": processor error");
        }
        respondAfter(now.providerLatency(), "refund");
        return "sim-refund-" + request.idempotencyKey();
    }

    private void respondAfter(Duration latency, String call) {
        Duration timeout = properties.providerTimeout();
        boolean timesOut = latency.compareTo(timeout) > 0;
        sleep(timesOut ? timeout : latency);
        if (timesOut) {
            throw new ProviderUnavailable("provider " + call + " timed out after " + timeout.toMillis() + " ms");
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailable("interrupted while waiting for the provider");
        }
    }
}
