package io.firedrill.order;

import io.firedrill.order.OrderProperties.ReadConsistency;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * The settings chaos scenarios change while the service runs (reservation TTL, step deadlines, attempts, sweeper
 * interval, read consistency). Starts from {@link OrderProperties}; readers take one {@link Snapshot} per decision,
 * so a change never applies half-way through one. Changed through {@code /admin/settings} on the management port ({@link RuntimeSettingsAdmin}).
 */
@Component
public class RuntimeSettings {

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
            Duration sweeperInterval,
            ReadConsistency readConsistency) {

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
            Objects.requireNonNull(readConsistency, "readConsistency");
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
            }
        }
    }

    private final Snapshot defaults;
    private final AtomicReference<Snapshot> current;

    public RuntimeSettings(OrderProperties properties) {
        OrderProperties.Deadlines d = properties.deadlines();
        this.defaults = new Snapshot(properties.reservationTtlSeconds(), d.reserve(), d.payment(), d.commit(),
                d.shipment(), d.compensation(), properties.stepMaxAttempts(), properties.compensationMaxAttempts(),
                properties.sweeperInterval(), properties.readConsistency());
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
