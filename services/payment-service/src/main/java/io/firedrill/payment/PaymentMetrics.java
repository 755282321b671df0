package io.firedrill.payment;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.payment.domain.Payment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The service's {@code firedrill_*} meters. Outcome counters move only when the handler's transaction commits (a
 * retried attempt counts nothing); the provider timer measures every call, failed ones included, since that is
 * where chaos slows the saga down.
 */
@Component
public class PaymentMetrics {

    public static final String AUTHORIZED = "authorized";
    public static final String DECLINED = "declined";

    private final MeterRegistry meters;

    PaymentMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (TenantRegion region : TenantRegion.values()) {
            paymentCounter(AUTHORIZED, region);
            paymentCounter(DECLINED, region);
        }
        for (Payment.RefundDecision decision : Payment.RefundDecision.values()) {
            refundCounter(decision);
        }
        refundFailedCounter();
        for (String operation : new String[] {"authorize", "refund"}) {
            providerTimer(operation, "ok");
            providerTimer(operation, "failed");
        }
    }

    /** A fresh AuthorizePayment ended {@code outcome} ({@link #AUTHORIZED} or {@link #DECLINED}). */
    public void payment(String outcome, TenantRegion region) {
        afterCommit(() -> paymentCounter(outcome, region).increment());
    }

    public void refund(Payment.RefundDecision decision) {
        afterCommit(() -> refundCounter(decision).increment());
    }

    /** A RefundPayment the provider answered with an error: nothing refunded, the payment stays AUTHORIZED. */
    public void refundFailed() {
        afterCommit(() -> refundFailedCounter().increment());
    }

    /** Times one provider call, whatever its end. */
    public <T> T timeProvider(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            T result = call.get();
            outcome = "ok";
            return result;
        } finally {
            providerTimer(operation, outcome).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private Counter paymentCounter(String outcome, TenantRegion region) {
        return Counter.builder("firedrill_payment_total").description("AuthorizePayment outcomes (first delivery only)")
                .tag("outcome", outcome).tag("tenant_region", region.id()).register(meters);
    }

    private Counter refundCounter(Payment.RefundDecision decision) {
        return refundCounter(decision.name().toLowerCase(Locale.ROOT));
    }

    /** outcome "failed": the provider answered the refund with an error. */
    private Counter refundFailedCounter() {
        return refundCounter("failed");
    }

    private Counter refundCounter(String outcome) {
        return Counter.builder("firedrill_refund_total").description("RefundPayment outcomes")
                .tag("outcome", outcome).register(meters);
    }

    private Timer providerTimer(String operation, String outcome) {
        return Timer.builder("firedrill_payment_provider_seconds").description("Payment provider call latency")
                .tag("operation", operation).tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
