package io.firedrill.traffic.engine;

import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Outcome;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.data.Region;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Follows accepted checkouts to their end: polls {@code GET /api/orders/{id}} until the saga ends or the completion
 * timeout passes, and records {@code checkout_completed} from the arrival's intended start, so a slow saga counts in
 * the end-to-end latency like a slow request does. Runs on the transport's event loop.
 */
final class CompletionTracker {

    /** Age-based spacing stops growing here; a longer {@code --poll-interval} still wins. */
    static final long MAX_POLL_SPACING_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final TrafficConfig config;
    private final HttpTransport transport;
    private final Measurements m;
    private final Endpoint orders;
    private final KnownOrders known;
    private final Map<String, Tracker> trackers = new HashMap<>();
    private boolean draining;
    private long drainDeadline;

    CompletionTracker(TrafficConfig config, HttpTransport transport, Measurements m, Endpoint orders, KnownOrders known) {
        this.config = config;
        this.transport = transport;
        this.m = m;
        this.orders = orders;
        this.known = known;
    }

    /**
     * When to poll a checkout that has been waiting {@code ageNanos} since its arrival was due: {@code --poll-interval}
     * apart at first, then a tenth of its age apart (at most {@link #MAX_POLL_SPACING_NANOS}). With a fixed 200 ms, a
     * saga slowed by overload was polled five times a second for as long as it took (150 GETs for 30 s), adding load
     * exactly when the order-service had none to spare (a GET cost it about 5 ms of CPU: 30/s took 0.155 cores); spaced,
     * a 30 s saga costs about 30 polls. The measured completion is late by at most max(interval, 10% of it).
     */
    static long pollSpacingNanos(long minSpacingNanos, long ageNanos) {
        return Math.max(minSpacingNanos, Math.min(MAX_POLL_SPACING_NANOS, ageNanos / 10));
    }

    /** Follows an accepted order, unless {@code --max-tracked} orders are followed already (then it is counted untracked). */
    void follow(String orderId, String customerId, Region region, long intended, int tenth, long now) {
        if (trackers.size() >= config.maxTrackedCheckouts()) {
            m.untracked++;
            m.ops[Operation.CHECKOUT_COMPLETED.ordinal()].reasons.merge("untracked", 1L, Long::sum);
            return;
        }
        Tracker tracker = new Tracker(orderId, customerId, region, intended, tenth, now + config.completionTimeout().toNanos());
        trackers.put(orderId, tracker);
        tracker.schedulePoll();
    }

    /** The run's own support case is cancelling this order: its cancellation is then a business outcome, not a failure. */
    void cancelling(String orderId) {
        Tracker tracker = trackers.get(orderId);
        if (tracker != null) {
            tracker.cancelledByUs = true;
        }
    }

    boolean idle() { return trackers.isEmpty(); }

    /** Scheduling ended: polls go on only until {@code deadline}. */
    void drainUntil(long deadline) {
        draining = true;
        drainDeadline = deadline;
    }

    /** The run ends now: every order still followed counts as timed out. */
    void timeOutAll(long now) {
        for (Tracker tracker : new ArrayList<>(trackers.values())) {
            tracker.finish(Outcome.TIMEOUT, "unfinished_at_end", now);
        }
    }

    /** Polls one order until the saga ends or the completion timeout passes. */
    private final class Tracker implements HttpTransport.Callback {
        final String orderId;
        final String customerId;
        final Region region;
        final long intended;
        final int tenth;
        final long deadline;
        boolean cancelledByUs;
        boolean done;

        Tracker(String orderId, String customerId, Region region, long intended, int tenth, long deadline) {
            this.orderId = orderId;
            this.customerId = customerId;
            this.region = region;
            this.intended = intended;
            this.tenth = tenth;
            this.deadline = deadline;
        }

        void schedulePoll() {
            long spacing = pollSpacingNanos(config.pollInterval().toNanos(), System.nanoTime() - intended);
            transport.loop().schedule(this::poll, spacing, TimeUnit.NANOSECONDS);
        }

        void poll() {
            if (done) {
                return;
            }
            if (transport.inFlight() >= config.maxInFlight()) {
                // Saturated: postpone rather than open ever more connections; the completion deadline still runs.
                again(System.nanoTime());
                return;
            }
            transport.send(orders, HttpMethod.GET, "/api/orders/" + ShopWire.enc(orderId), null, false, this);
        }

        @Override
        public void onResponse(FullHttpResponse response, long sentNanos) {
            long now = System.nanoTime();
            if (done) {
                return;
            }
            if (response.status().code() / 100 != 2) {
                m.pollErrors++;
                again(now);
                return;
            }
            ShopWire.OrderStatus order = new ShopWire.OrderStatus(null, null);
            try {
                order = ShopWire.orderStatus(response);
            } catch (IOException e) {
                m.pollErrors++;
            }
            if ("COMPLETED".equals(order.status())) {
                finish(Outcome.OK, null, now);
            } else if ("CANCELLED".equals(order.status())) {
                String why = order.reason() == null ? "UNSPECIFIED" : order.reason().toUpperCase(Locale.ROOT);
                if (ReplyVerdict.BUSINESS_REASONS.contains(why)) {
                    finish(Outcome.BUSINESS_DECLINE, why, now);
                } else if (cancelledByUs) {
                    finish(Outcome.BUSINESS_DECLINE, "CANCELLED_BY_SUPPORT", now);
                } else {
                    finish(Outcome.SAGA_FAILED, "CANCELLED_" + why, now);
                }
            } else if ("COMPENSATION_FAILED".equals(order.status())) {
                finish(Outcome.SAGA_FAILED, "COMPENSATION_FAILED", now);
            } else {
                again(now);
            }
        }

        @Override
        public void onFailure(Throwable cause, long sentNanos) {
            m.pollErrors++;
            again(System.nanoTime());
        }

        private void again(long now) {
            if (now - deadline >= 0) {
                finish(Outcome.TIMEOUT, "completion_timeout", now);
            } else if (!draining || now - drainDeadline < 0) {
                schedulePoll();
            }
        }

        void finish(Outcome outcome, String reason, long now) {
            if (done) {
                return;
            }
            done = true;
            trackers.remove(orderId);
            known.ended(customerId, orderId);
            m.record(Operation.CHECKOUT_COMPLETED, region, outcome, now - intended, -1, reason, tenth);
        }
    }
}
