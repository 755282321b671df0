package io.firedrill.order.admin;

import io.firedrill.order.OrderProperties;
import io.firedrill.order.OrderProperties.ReadConsistency;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * The settings chaos scenarios change while the service runs (reservation TTL, step deadlines, attempts, how long a
 * compensation is retried, sweeper
 * interval, read consistency, the bound on sagas in flight and the saga latency its adaptive part keeps). Starts from {@link OrderProperties}; readers take one {@link Snapshot} per decision,
 * so a change never applies half-way through one. Changed through {@code /admin/settings} on the management port ({@link OrderSettingsAdmin}).
 */
@Component
public class OrderSettings {

    /** One consistent set of values. */
    public record Snapshot(
            int reservationTtlSeconds,
            Duration reserveDeadline,
            Duration paymentDeadline,
            Duration commitDeadline,
            Duration shipmentDeadline,
            Duration compensationDeadline,
            int stepMaxAttempts,
            int compensationMaxAttempts,
            Duration compensationRetryFor,
            Duration sweeperInterval,
            ReadConsistency readConsistency,
            int maxSagasInFlight,
            Duration admissionLatencyTarget) {

        /** Bounds of {@code maxSagasInFlight}. */
        static final int MIN_SAGAS_IN_FLIGHT = 1;
        static final int MAX_SAGAS_IN_FLIGHT = 100_000;

        public Snapshot {
            if (reservationTtlSeconds < 1 || reservationTtlSeconds > 86_400) {
                throw new IllegalArgumentException("reservationTtlSeconds must be 1..86400, got " + reservationTtlSeconds);
            }
            positive("reserveDeadline", reserveDeadline);
            positive("paymentDeadline", paymentDeadline);
            positive("commitDeadline", commitDeadline);
            positive("shipmentDeadline", shipmentDeadline);
            positive("compensationDeadline", compensationDeadline);
            positive("sweeperInterval", sweeperInterval);
            if (stepMaxAttempts < 1 || compensationMaxAttempts < 1) {
                throw new IllegalArgumentException("max attempts must be >= 1, got step " + stepMaxAttempts
                        + ", compensation " + compensationMaxAttempts);
            }
            if (compensationRetryFor == null || compensationRetryFor.isNegative()) {
                throw new IllegalArgumentException("compensationRetryFor must be 0 (off) or a positive duration, got "
                        + compensationRetryFor);
            }
            Objects.requireNonNull(readConsistency, "readConsistency");
            requireMaxSagasInFlight(maxSagasInFlight);
            if (admissionLatencyTarget == null || admissionLatencyTarget.isNegative()) {
                throw new IllegalArgumentException("admissionLatencyTarget must be 0 (off) or a positive duration, got "
                        + admissionLatencyTarget);
            }
        }

        /** The same settings with another bound on sagas in flight. */
        public Snapshot withMaxSagasInFlight(int max) {
            return new Snapshot(reservationTtlSeconds, reserveDeadline, paymentDeadline, commitDeadline, shipmentDeadline,
                    compensationDeadline, stepMaxAttempts, compensationMaxAttempts, compensationRetryFor, sweeperInterval,
                    readConsistency, max,
                    admissionLatencyTarget);
        }

        public static void requireMaxSagasInFlight(int max) {
            if (max < MIN_SAGAS_IN_FLIGHT || max > MAX_SAGAS_IN_FLIGHT) {
                throw new IllegalArgumentException("maxSagasInFlight must be " + MIN_SAGAS_IN_FLIGHT + ".."
                        + MAX_SAGAS_IN_FLIGHT + ", got " + max);
            }
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
            }
        }
    }

    private final Snapshot defaults;
    private final AtomicReference<Snapshot> current;

    public OrderSettings(OrderProperties properties) {
        OrderProperties.Deadlines d = properties.deadlines();
        this.defaults = new Snapshot(properties.reservationTtlSeconds(), d.reserve(), d.payment(), d.commit(),
                d.shipment(), d.compensation(), properties.stepMaxAttempts(), properties.compensationMaxAttempts(),
                properties.compensationRetryFor(), properties.sweeperInterval(), properties.readConsistency(), properties.admission().maxSagasInFlight(),
                properties.admission().latencyTarget());
        this.current = new AtomicReference<>(defaults);
    }

    public Snapshot current() {
        return current.get();
    }

    /** Applies {@code change} atomically; an invalid result is refused and nothing changes. */
    public Snapshot update(UnaryOperator<Snapshot> change) {
        return current.updateAndGet(change);
    }

    /** Back to the configured values. */
    public Snapshot reset() {
        current.set(defaults);
        return defaults;
    }
}
