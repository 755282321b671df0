package io.firedrill.contracts.admin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every service's runtime levers, declared once: each service's {@code /admin/settings} accepts exactly the fields
 * declared here ({@link #fields()}), and chaos/README.md's lever table is generated from the same list (a test in the
 * chaos module fails when the table is stale), so a lever cannot be added without being documented.
 */
public enum ChaosLevers {

    ORDER("order-service", List.of(
            new Lever("reservationTtlSeconds", "integer", "1..86400", "30", "firedrill.order.reservation-ttl-seconds",
                    "TTL of the reservation sent in ReserveInventory"),
            new Lever("reserveDeadline", "duration", "> 0", "10s", "firedrill.order.deadlines.reserve",
                    "wait for the reservation reply before the sweeper resends"),
            new Lever("paymentDeadline", "duration", "> 0", "15s", "firedrill.order.deadlines.payment",
                    "wait for the payment reply before the sweeper resends"),
            new Lever("commitDeadline", "duration", "> 0", "10s", "firedrill.order.deadlines.commit",
                    "wait for the reservation commit before the sweeper resends"),
            new Lever("shipmentDeadline", "duration", "> 0", "20s", "firedrill.order.deadlines.shipment",
                    "wait for the shipment reply before the sweeper resends"),
            new Lever("compensationDeadline", "duration", "> 0", "15s", "firedrill.order.deadlines.compensation",
                    "wait for a compensation's acknowledgement before the sweeper resends"),
            new Lever("stepMaxAttempts", "integer", ">= 1", "3", "firedrill.order.step-max-attempts",
                    "sends of a forward step's command before the saga compensates"),
            new Lever("compensationMaxAttempts", "integer", ">= 1", "5", "firedrill.order.compensation-max-attempts",
                    "sends of a compensation command before the saga ends in COMPENSATION_FAILED"),
            new Lever("compensationRetryFor", "duration", "0 (off) or > 0", "0s", "firedrill.order.compensation-retry-for",
                    "after its attempts, a compensation is resent (capped backoff) until the checkout is this old; 0 ends it in COMPENSATION_FAILED at once"),
            new Lever("sweeperInterval", "duration", "> 0", "500ms", "firedrill.order.sweeper-interval",
                    "pause between two sweeps of overdue saga steps"),
            new Lever("readConsistency", "choice", "replica, primary, bounded", "replica", "firedrill.order.read-consistency",
                    "where the read endpoints read"),
            new Lever("maxSagasInFlight", "integer", "1..100000", "200", "firedrill.order.admission.max-sagas-in-flight",
                    "checkouts admitted at once; beyond it POST /api/orders answers 503"),
            new Lever("admissionLatencyTarget", "duration", "0 (off) or > 0", "2s", "firedrill.order.admission.latency-target",
                    "saga latency the adaptive admission bound keeps"))),

    INVENTORY("inventory-service", List.of(
            new Lever("confirmGuard", "boolean", "true, false", "true", "firedrill.inventory.confirm-guard",
                    "refuse to commit a reservation that expired (false reproduces the oversell)"),
            new Lever("reaperInterval", "duration", "10ms..1h", "500ms", "firedrill.inventory.reaper-interval",
                    "pause between two runs of the reaper of expired reservations"))),

    PAYMENT("payment-service", List.of(
            new Lever("providerLatency", "duration", "0..1m", "50ms", "firedrill.payment.provider-latency",
                    "latency of the simulated payment provider"),
            new Lever("declineRatio", "number", "0..1", "0", "firedrill.payment.decline-ratio",
                    "share of extra payments the provider declines"),
            new Lever("refundFailureRatio", "number", "0..1", "0", null,
                    "share of refunds the provider answers with an error (nothing refunded; the saga resends RefundPayment)"),
            new Lever("dedup", "boolean", "true, false", "true", "firedrill.payment.dedup",
                    "skip a redelivered AuthorizePayment (processed-message check, one payment per order); false charges every delivery again (reproduces double charges)"))),

    NOTIFICATION("notification-service", List.of(
            new Lever("channel", "choice", "all, email, sms, push", "all", null,
                    "the channel that failureRatio and latency change in the same PATCH"),
            new Lever("failureRatio", "number", "0..1", "0 on every channel", null,
                    "share of the simulated provider's calls that fail"),
            new Lever("latency", "duration", "0..1m", "email 20ms, sms 50ms, push 10ms", null,
                    "latency of each call to the simulated provider"),
            new Lever("breakerFailureThreshold", "integer", "0..1000 (0: no breaker)", "5",
                    "firedrill.notification.breaker.failure-threshold", "failed calls in a row that open a channel's breaker"),
            new Lever("breakerOpenFor", "duration", "0..10m", "10s", "firedrill.notification.breaker.open-for",
                    "how long an open breaker refuses calls before a trial"))),

    CDC_RELAY("cdc-relay", List.of(
            new Lever("paused", "boolean", "true, false", "false", null,
                    "stop relaying outbox rows (they wait in the binlog); false or DELETE resumes"),
            new Lever("engineStall", "boolean", "true, false", "false", null,
                    "the running engine's batch handling hangs like a stuck engine's, until the engine is restarted; false or DELETE releases it"),
            new Lever("stallTimeout", "duration", "0 (restarts off) or >= 3 heartbeat intervals", "5s",
                    "firedrill.cdc-relay.stall-timeout",
                    "silence (no heartbeat or change) after which the watchdog restarts a streaming engine")));

    private final String service;
    private final List<Lever> levers;

    ChaosLevers(String service, List<Lever> levers) {
        this.service = service;
        this.levers = levers;
    }

    /** The service's name, as the stack knows it. */
    public String service() {
        return service;
    }

    public List<Lever> levers() {
        return levers;
    }

    /** The fields a {@code PATCH /admin/settings} of the service may name. */
    public Set<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        levers.forEach(lever -> fields.add(lever.field()));
        return Set.copyOf(fields);
    }
}
