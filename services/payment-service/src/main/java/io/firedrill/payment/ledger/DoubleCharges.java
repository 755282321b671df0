package io.firedrill.payment.ledger;

import io.firedrill.payment.PaymentProperties;
import io.firedrill.payment.domain.Payment;
import io.firedrill.payment.domain.PaymentStatus;
import io.firedrill.payment.persistence.PaymentRepository;
import io.firedrill.payment.persistence.PaymentRepository.ExtraCharge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's invariant "an order is charged at most once", as the gauges {@code firedrill_payment_double_charged_orders}
 * (orders with a standing charge on a payment other than their first) and {@code firedrill_payment_double_charged_cents}
 * (what those charges take), and the repair that refunds them.
 *
 * <p>Cheap when idle: each check ({@code double-charge-check-interval}, 1 s) queries nothing unless a payment was written
 * since the last one or a double charge is known; then it reads only the orders of the payments written since (an index
 * range) and the known ones. A full recount over every order paid more than once (a scan of the order index, ~60 ms at
 * 17,000 payments) runs at start and every {@code double-charge-recount-interval} (10 min), for writes made outside the
 * service.
 */
@Component
public class DoubleCharges implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DoubleCharges.class);
    /** Written-since reads start this far before the previous check: a payment's created_at precedes its commit. */
    private static final Duration COMMIT_MARGIN = Duration.ofSeconds(30);

    /** What a repair did. */
    public record Repair(int refunded, long refundedCents, List<UUID> orders, List<UUID> payments, long doubleChargedOrdersAfter) {}

    private final PaymentRepository payments;
    private final Refunds refunds;
    private final TransactionTemplate transactions;
    private final PaymentProperties properties;
    private final Clock clock;
    private final AtomicLong orders = new AtomicLong();
    private final AtomicLong cents = new AtomicLong();
    private final Counter repaired;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "double-charge-check");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean written = true;
    private Set<UUID> known = Set.of();
    private Instant readFrom;
    private Instant lastRecount;
    private boolean lastCheckFailed;

    DoubleCharges(PaymentRepository payments, Refunds refunds, PlatformTransactionManager transactionManager,
                  PaymentProperties properties, Clock clock, MeterRegistry meters) {
        this.payments = payments;
        this.refunds = refunds;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("firedrill_payment_double_charged_orders", orders, AtomicLong::get)
                .description("Orders charged more than once: a standing charge (ledger sum > 0) on a payment other than the order's first")
                .register(meters);
        Gauge.builder("firedrill_payment_double_charged_cents", cents, AtomicLong::get)
                .description("What the charges beyond an order's first payment take, in cents (all currencies added)")
                .register(meters);
        this.repaired = Counter.builder("firedrill_payment_double_charge_refunds_total")
                .description("Charges beyond an order's first payment refunded by the repair (POST /admin/refund-double-charges)")
                .register(meters);
    }

    @Override
    public void afterPropertiesSet() {
        long period = properties.doubleChargeCheckInterval().toMillis();
        checker.scheduleWithFixedDelay(this::checkSafely, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }

    /** A payment was inserted or changed in the current transaction: the next check reads the payments written since. */
    public void paymentWritten() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    written = true;
                }
            });
        } else {
            written = true;
        }
    }

    /** Orders charged more than once, as of the last check. */
    public long doubleChargedOrders() {
        return orders.get();
    }

    /** One check: incremental unless a full recount is due. */
    public synchronized void check() {
        Instant now = clock.instant();
        if (lastRecount == null || !now.isBefore(lastRecount.plus(properties.doubleChargeRecountInterval()))) {
            recount();
            return;
        }
        boolean sinceLast = written;
        if (!sinceLast && known.isEmpty()) {
            return;
        }
        written = false;
        Set<UUID> candidates = new HashSet<>(known);
        Instant from = readFrom;
        readFrom = now.minus(COMMIT_MARGIN);
        if (sinceLast) {
            candidates.addAll(payments.ordersPaidMoreThanOnceSince(from));
        }
        publish(payments.extraCharges(candidates));
    }

    /** Every order paid more than once, read again (at start, periodically, after a repair). */
    public synchronized long recount() {
        Instant now = clock.instant();
        written = false;
        readFrom = now.minus(COMMIT_MARGIN);
        lastRecount = now;
        publish(payments.extraCharges(null));
        return orders.get();
    }

    private void publish(List<ExtraCharge> extra) {
        Set<UUID> charged = new HashSet<>();
        extra.forEach(e -> charged.add(e.orderId()));
        if (charged.size() > known.size()) {
            log.error("{} orders charged more than once ({} cents beyond their first payment): {}", charged.size(),
                    extra.stream().mapToLong(ExtraCharge::chargedCents).sum(), charged.stream().limit(10).toList());
        }
        known = Set.copyOf(charged);
        orders.set(charged.size());
        cents.set(extra.stream().mapToLong(ExtraCharge::chargedCents).sum());
    }

    private void checkSafely() {
        try {
            check();
            if (lastCheckFailed) {
                log.info("double-charge check works again");
            }
            lastCheckFailed = false;
        } catch (RuntimeException e) {
            if (!lastCheckFailed) {
                log.warn("double-charge check failed (the gauges keep their last value): {}", e.toString());
            }
            lastCheckFailed = true;
        }
    }

    /**
     * Refunds every charge beyond an order's first payment (provider refund, REFUND entry, payment REFUNDED), one payment
     * per transaction, then recounts. The first payment, the one the saga knows, stays as it is. Safe to run again: a
     * repaired payment no longer charges anything.
     */
    public Repair refundExtraCharges() {
        List<UUID> refundedOrders = new ArrayList<>();
        List<UUID> refundedPayments = new ArrayList<>();
        long refundedCents = 0;
        for (ExtraCharge charge : payments.extraCharges(null)) {
            Payment refunded = transactions.execute(status -> payments.lockById(charge.paymentId())
                    .filter(p -> p.status() == PaymentStatus.AUTHORIZED)
                    .map(p -> refunds.refund(p).payment())
                    .orElse(null));
            if (refunded != null) {
                repaired.increment();
                refundedOrders.add(refunded.orderId());
                refundedPayments.add(refunded.id());
                refundedCents += refunded.amountCents();
                log.warn("refunded payment {} of order {}: {} {} charged beyond the order's first payment", refunded.id(),
                        refunded.orderId(), refunded.amountCents(), refunded.currency());
            }
        }
        long after = recount();
        return new Repair(refundedPayments.size(), refundedCents, List.copyOf(new java.util.LinkedHashSet<>(refundedOrders)),
                refundedPayments, after);
    }
}
