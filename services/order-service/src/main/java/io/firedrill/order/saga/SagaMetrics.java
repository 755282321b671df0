package io.firedrill.order.saga;

import io.firedrill.contracts.TenantRegion;
import io.firedrill.order.OrderProperties;
import io.firedrill.order.domain.Order;
import io.firedrill.order.domain.saga.SagaState;
import io.firedrill.order.domain.saga.SagaStep;
import io.firedrill.order.persistence.SagaRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The saga's SLIs (DESIGN.md section 5). Counters and the duration histogram move after the transaction that
 * caused them commits, so a rolled-back or retried handler is never counted; the in-flight gauges are read from the
 * database every {@code firedrill.order.gauge-refresh}, so they are right across restarts and instances.
 */
@Component
public class SagaMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SagaMetrics.class);
    /**
     * Explicit buckets around the 2 s latency SLO instead of Micrometer's percentile histogram (about 60 buckets per
     * series between 10 ms and 60 s): six pre-registered series of those made order-service's exposition miss the demo
     * profile's 2 s scrape timeout on a loaded machine. histogram_quantile interpolates inside these for p50/p95/p99.
     */
    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(120)};

    private final MeterRegistry meters;
    private final SagaRepository sagas;
    private final Clock clock;
    private final AdmissionGate admission;
    private final AdmissionLimit admissionLimit;
    private final Map<String, AtomicLong> inFlight = new LinkedHashMap<>();
    private final AtomicReference<Double> oldestInFlightSeconds = new AtomicReference<>(0.0);
    private final AtomicReference<Double> mostOverdueSeconds = new AtomicReference<>(0.0);
    private final AtomicLong compensationFailedNow = new AtomicLong();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "saga-gauges");
        t.setDaemon(true);
        return t;
    });

    public SagaMetrics(MeterRegistry meters, SagaRepository sagas, Clock clock, OrderProperties properties,
                       AdmissionGate admission, AdmissionLimit admissionLimit) {
        this.meters = meters;
        this.admissionLimit = admissionLimit;
        this.sagas = sagas;
        this.clock = clock;
        this.admission = admission;
        for (SagaStep step : SagaStep.values()) {
            SagaState state = step.isCompensation() ? SagaState.COMPENSATING : SagaState.RUNNING;
            AtomicLong value = new AtomicLong();
            inFlight.put(key(state, step), value);
            Gauge.builder("firedrill_saga_in_flight", value, AtomicLong::get)
                    .description("Checkout sagas not yet ended, by state and current step (from the database)")
                    .tags("state", state.name(), "step", step.name())
                    .register(meters);
        }
        Gauge.builder("firedrill_saga_oldest_in_flight_seconds", oldestInFlightSeconds, AtomicReference::get)
                .description("Age of the oldest checkout saga not yet ended (0 when none)")
                .baseUnit("seconds")
                .register(meters);
        // Distinct from the age above: a saga can be old and healthy (retries, a late reply compensated after the
        // order was cancelled), but a step deadline far in the past means the sweeper is not acting.
        Gauge.builder("firedrill_saga_most_overdue_seconds", mostOverdueSeconds, AtomicReference::get)
                .description("How far the most overdue in-flight step is past its deadline (0 when none is)")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("firedrill_saga_compensation_failed_current", compensationFailedNow, AtomicLong::get)
                .description("Sagas currently in COMPENSATION_FAILED, waiting for an operator or a late acknowledgement")
                .register(meters);
        Counter.builder("firedrill_saga_compensation_failed_total")
                .description("Sagas that ended in COMPENSATION_FAILED").register(meters);
        // Every outcome the saga can produce exists from the start at 0, so rate() has a series before the first
        // checkout and the dashboards and absent() guards see the SLI on an idle service.
        for (TenantRegion region : TenantRegion.values()) {
            checkoutCounter("completed", "none", region.id());
            for (String reason : cancelReasons()) {
                checkoutCounter("cancelled", reason, region.id());
            }
            checkoutTimer("completed", region.id());
            checkoutTimer("cancelled", region.id());
        }
        for (SagaStep step : SagaStep.values()) {
            stepTimeoutCounter(step);
        }
        resendCounter(RESEND_SENT);
        resendCounter(RESEND_DEFERRED);
        long period = Math.max(100, properties.gaugeRefresh().toMillis());
        refresher.scheduleWithFixedDelay(this::refreshSafely, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The order reached a terminal status for the first time: count it and time it from POST, and tell the admission
     * limit how long it took.
     */
    void checkoutEnded(Order order, String outcome) {
        String reason = order.reason() == null ? "none" : order.reason();
        String region = order.tenantRegion().id();
        Duration took = Duration.between(order.createdAt(), clock.instant());
        afterCommit(() -> {
            checkoutCounter(outcome, reason, region).increment();
            checkoutTimer(outcome, region).record(took.isNegative() ? Duration.ZERO : took);
            admissionLimit.sagaEnded(order.createdAt(), took);
        });
    }

    /**
     * Every reason a checkout can be cancelled for: the participants' rejections, the saga's own reasons and one
     * timeout reason per forward step. Business outcomes among them are told apart by the SLO (alerting/slo).
     */
    static List<String> cancelReasons() {
        return SagaTable.cancelReasons();
    }

    private Counter checkoutCounter(String outcome, String reason, String region) {
        return Counter.builder("firedrill_checkout_total")
                .description("Checkouts that reached a terminal status, by outcome and cancel reason")
                .tags("outcome", outcome, "reason", reason, "tenant_region", region)
                .register(meters);
    }

    private Timer checkoutTimer(String outcome, String region) {
        return Timer.builder("firedrill_checkout_duration_seconds")
                .description("From POST /api/orders to the order's terminal status")
                .tags("outcome", outcome, "tenant_region", region)
                .serviceLevelObjectives(BUCKETS)
                .register(meters);
    }

    private Counter stepTimeoutCounter(SagaStep step) {
        return Counter.builder("firedrill_saga_step_timeouts_total")
                .description("Saga steps not answered by their deadline (each resend or give-up counts)")
                .tag("step", step.name())
                .register(meters);
    }

    static final String RESEND_SENT = "sent";
    static final String RESEND_DEFERRED = "deferred";

    private Counter resendCounter(String outcome) {
        return Counter.builder("firedrill_saga_resends_total")
                .description("Overdue saga steps whose command was sent again, or deferred because the resend budget was spent")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** An overdue step's command was resent ({@code sent}) or postponed for want of budget ({@code deferred}). */
    void resend(String outcome) {
        afterCommit(() -> resendCounter(outcome).increment());
    }

    void stepTimedOut(SagaStep step) {
        afterCommit(() -> stepTimeoutCounter(step).increment());
    }

    void compensationFailed(SagaStep step) {
        afterCommit(() -> {
            meters.counter("firedrill_saga_compensation_failed_total").increment();
            compensationFailedNow.incrementAndGet();
        });
    }

    /** Reads the gauges from the database now (also done on a timer). */
    public void refresh() {
        Map<String, Long> counts = new LinkedHashMap<>();
        Instant oldest = null;
        Instant earliestDeadline = null;
        for (SagaRepository.InFlight row : sagas.inFlight()) {
            counts.merge(key(row.state(), row.step()), row.count(), Long::sum);
            if (oldest == null || row.oldestCreatedAt().isBefore(oldest)) {
                oldest = row.oldestCreatedAt();
            }
            if (row.earliestDeadline() != null && (earliestDeadline == null || row.earliestDeadline().isBefore(earliestDeadline))) {
                earliestDeadline = row.earliestDeadline();
            }
        }
        Instant now = clock.instant();
        inFlight.forEach((key, value) -> value.set(counts.getOrDefault(key, 0L)));
        // The admission gate's count follows the database's: what a crash, a redelivery or another instance changed
        // is corrected here (a saga committed during the query is missed until the next refresh).
        admission.resync(counts.values().stream().mapToLong(Long::longValue).sum());
        oldestInFlightSeconds.set(secondsSince(oldest, now));
        mostOverdueSeconds.set(secondsSince(earliestDeadline, now));
        compensationFailedNow.set(sagas.countInState(SagaState.COMPENSATION_FAILED));
    }

    private static double secondsSince(Instant then, Instant now) {
        return then == null ? 0.0 : Math.max(0, Duration.between(then, now).toMillis() / 1000.0);
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("saga gauges not refreshed, keeping the last values: {}", e.toString());
        }
    }

    private static String key(SagaState state, SagaStep step) {
        return state.name() + "/" + step.name();
    }

    private static void afterCommit(Runnable action) {
        AfterCommit.run(action);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
