package io.firedrill.order;

import io.firedrill.order.admin.OrderSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of order-service ({@code firedrill.order.*}); every default works on the embedded stack. The saga
 * timings are only the start values of {@link io.firedrill.order.saga.SagaSettings}, which chaos scenarios change at
 * runtime through the management endpoint.
 *
 * @param inventoryUrl       base URL of inventory-service, whose catalog prices each order line
 * @param paymentUrl         base URL of payment-service, whose card vault answers what a checkout's card token stands for
 * @param catalog            catalog client timeouts and cache (the payment-method client uses its timeouts too)
 * @param replica            the read-only datasource of the read endpoints (the MariaDB replica)
 * @param readConsistency    where the read endpoints read: {@code bounded} (default: the replica when fresh enough),
 *                           {@code replica} (always, the legacy behaviour), {@code primary}
 * @param reservationTtlSeconds TTL sent in {@code ReserveInventory}
 * @param deadlines          how long each saga step waits for its reply before the sweeper acts; each resend of the
 *                           command waits twice as long as the previous attempt (capped at 8x)
 * @param stepMaxAttempts    sends of a forward step's command (first send included) before the saga compensates
 * @param compensationMaxAttempts sends of a compensation command before the saga ends in COMPENSATION_FAILED, unless
 *                           {@code compensationRetryFor} keeps it going
 * @param compensationRetryFor after its attempts, an unacknowledged compensation is resent at the capped wait until the
 *                           checkout is this old; 0 ends it in COMPENSATION_FAILED after its attempts (the legacy rule)
 * @param sweeperInterval    pause between two sweeps of overdue steps
 * @param sweeperBatchSize   overdue sagas locked per sweep transaction
 * @param gaugeRefresh       refresh period of the in-flight gauges, read from the database; also re-synchronises
 *                           the admission gate's count of sagas in flight
 * @param admission          the bound on sagas in flight at {@code POST /api/orders}
 * @param resends            the budget of saga resends
 */
@ConfigurationProperties("firedrill.order")
public record OrderProperties(
        String inventoryUrl,
        String paymentUrl,
        @DefaultValue Catalog catalog,
        @DefaultValue Replica replica,
        @DefaultValue("bounded") ReadConsistency readConsistency,
        @DefaultValue("30") int reservationTtlSeconds,
        @DefaultValue Deadlines deadlines,
        @DefaultValue("3") int stepMaxAttempts,
        @DefaultValue("5") int compensationMaxAttempts,
        @DefaultValue("0s") Duration compensationRetryFor,
        @DefaultValue("500ms") Duration sweeperInterval,
        @DefaultValue("20") int sweeperBatchSize,
        @DefaultValue("1s") Duration gaugeRefresh,
        @DefaultValue Admission admission,
        @DefaultValue Resends resends) {

    /** Where the read endpoints read; the replica-lag incident hits {@code replica}. */
    public enum ReadConsistency {
        /** Always the replica: cheap, but a fresh order may be missing (read-your-writes broken under lag). */
        REPLICA,
        /** Always the primary: read-your-writes, at the primary's cost. */
        PRIMARY,
        /**
         * Read-your-writes: the replica only while {@code firedrill_replica_lag_seconds} (heartbeat) is within
         * {@code replica.max-lag} and, when the client names its last write ({@code Read-After-Gtid}), once the replica
         * applied it (MASTER_GTID_WAIT up to {@code replica.gtid-wait-timeout}); otherwise the primary.
         */
        BOUNDED
    }

    /**
     * @param cacheTtl       how long a looked-up price is reused
     * @param cacheMaxSize   entries kept before the cache is cleared
     * @param connectTimeout connect timeout towards inventory-service
     * @param readTimeout    read timeout towards inventory-service
     * @param retryAfter     Retry-After sent with the 503 when the catalog is unreachable
     */
    public record Catalog(
            @DefaultValue("30s") Duration cacheTtl,
            @DefaultValue("10000") int cacheMaxSize,
            @DefaultValue("1s") Duration connectTimeout,
            @DefaultValue("2s") Duration readTimeout,
            @DefaultValue("2s") Duration retryAfter) {}

    /**
     * @param heartbeatInterval how often the heartbeat row is written on the primary and read on the replica
     *                          ({@code firedrill_replica_lag_seconds})
     * @param maxLag            {@code bounded} reads go to the replica only while its measured lag is at most this
     * @param gtidWaitTimeout   {@code bounded} reads that carry the client's last write position ({@code Read-After-Gtid})
     *                          wait this long for the replica to apply it (MASTER_GTID_WAIT), then read the primary
     */
    public record Replica(
            String url,
            @DefaultValue("firedrill") String username,
            @DefaultValue("firedrill") String password,
            @DefaultValue("5") int maxPoolSize,
            @DefaultValue("1s") Duration heartbeatInterval,
            @DefaultValue("2s") Duration maxLag,
            @DefaultValue("500ms") Duration gtidWaitTimeout) {}

    /** Reply deadline of each saga step; compensations share one. */
    public record Deadlines(
            @DefaultValue("10s") Duration reserve,
            @DefaultValue("15s") Duration payment,
            @DefaultValue("10s") Duration commit,
            @DefaultValue("20s") Duration shipment,
            @DefaultValue("15s") Duration compensation) {}

    /**
     * @param maxSagasInFlight start value of the runtime setting {@code maxSagasInFlight}: beyond this many checkout
     *                         sagas in flight, {@code POST /api/orders} answers 503 before any work (sized for 2 cores)
     * @param maxPlacing       checkouts being placed at once (pricing, card lookup, then the placing transaction); beyond
     *                         it a checkout waits ({@code placingWait}), so placing never holds all request threads (a
     *                         flash sale had them all waiting for the primary's 10 connections while refusals queued
     *                         behind). 8 also refused 6% of a cold stack's first checkouts at 10/s, whose placing took
     *                         1-3 s
     * @param placingWait      how long a checkout waits for a placing slot when all {@code maxPlacing} are taken (sagas
     *                         in flight below the bound) before the 503: a flash sale's buyers wait for the first
     *                         placings to use up the units and are then refused 409, instead of 503 (connection
     *                         closed) and a reconnection each
     * @param latencyTarget   saga latency (POST to its end) that the adaptive bound keeps, by lowering the bound below
     *                         {@code maxSagasInFlight} when sagas end later ({@link io.firedrill.order.saga.AdmissionLimit});
     *                         the checkout-latency SLO's 2 s by default, 0 = the fixed bound only; start value of the
     *                         runtime setting {@code admissionLatencyTarget}
     * @param minSagasInFlight the adaptive bound never drops below this: a fault that slows every saga must not turn
     *                         into refusals of nearly every buyer (the demo's cold start runs 6/s with sagas of up to 5 s)
     * @param retryAfter       Retry-After sent with that 503 (whole seconds, at least 1)
     * @param soldOutRecheck   how long a SKU whose units are all claimed by checkouts placed here is refused (409)
     *                         on the catalog figure that said so; after that a checkout reads the catalog again, so
     *                         units given back (declined payments, expired reservations) sell again within this time
     */
    public record Admission(
            @DefaultValue("200") int maxSagasInFlight,
            @DefaultValue("32") int maxPlacing,
            @DefaultValue("2s") Duration placingWait,
            @DefaultValue("2s") Duration latencyTarget,
            @DefaultValue("32") int minSagasInFlight,
            @DefaultValue("1s") Duration retryAfter,
            @DefaultValue("5s") Duration soldOutRecheck) {

        public Admission {
            OrderSettings.Snapshot.requireMaxSagasInFlight(maxSagasInFlight);
            if (placingWait.isNegative()) {
                throw new IllegalArgumentException("firedrill.order.admission.placing-wait must be >= 0, got " + placingWait);
            }
            if (latencyTarget.isNegative() || minSagasInFlight < 1) {
                throw new IllegalArgumentException("firedrill.order.admission: latency-target must be >= 0 and "
                        + "min-sagas-in-flight >= 1, got " + latencyTarget + " and " + minSagasInFlight);
            }
            if (maxPlacing < 1) {
                throw new IllegalArgumentException("firedrill.order.admission.max-placing must be >= 1, got " + maxPlacing);
            }
        }

        /** The Retry-After header's value of the overloaded 503, wherever it is answered: whole seconds, at least 1. */
        public long retryAfterSeconds() {
            return Math.max(1, retryAfter.toSeconds());
        }
    }

    /**
     * A token bucket for the sweeper's resends, so that a backlog of overdue steps cannot feed itself: each first send
     * of a saga command earns {@code budgetRatio} of a resend, the bucket also fills by {@code budgetFloorPerSecond}, and
     * holds at most {@code budgetBurst}. An overdue step finding the bucket empty is postponed (jittered) without
     * spending an attempt.
     */
    public record Resends(
            @DefaultValue("0.1") double budgetRatio,
            @DefaultValue("1") double budgetFloorPerSecond,
            @DefaultValue("20") int budgetBurst) {

        public Resends {
            if (budgetRatio < 0 || budgetFloorPerSecond <= 0 || budgetBurst < 1) {
                throw new IllegalArgumentException("firedrill.order.resends: budget-ratio must be >= 0, "
                        + "budget-floor-per-second > 0 and budget-burst >= 1, got " + budgetRatio + ", "
                        + budgetFloorPerSecond + ", " + budgetBurst);
            }
        }
    }

    public OrderProperties {
        if (reservationTtlSeconds < 1 || reservationTtlSeconds > 86_400) {
            throw new IllegalArgumentException("firedrill.order.reservation-ttl-seconds must be 1..86400, got " + reservationTtlSeconds);
        }
        if (stepMaxAttempts < 1 || compensationMaxAttempts < 1) {
            throw new IllegalArgumentException("firedrill.order step/compensation max attempts must be >= 1");
        }
    }
}
