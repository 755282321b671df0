package io.firedrill.traffic.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.traffic.LiveSnapshot;
import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Outcome;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.data.CartLine;
import io.firedrill.traffic.data.NotificationPreferences;
import io.firedrill.traffic.data.Region;
import io.firedrill.traffic.data.SyntheticData;
import io.firedrill.traffic.data.WorkItem;
import io.firedrill.traffic.data.Workload;
import io.firedrill.traffic.profile.ArrivalSchedule;
import io.firedrill.traffic.profile.LoadProfile;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The open-model scheduler. Each arrival of the {@link ArrivalSchedule} is sent at its intended instant whatever
 * earlier requests are doing; if {@code maxInFlight} requests are already out it is dropped and counted, never
 * queued (a queue would turn the open model back into a closed one). Latency is measured from the intended
 * instant, which is the coordinated-omission correction: when the target stalls, every user scheduled during
 * the stall is charged the time they waited.
 *
 * <p>Everything runs on the transport's single event loop: scheduling, I/O callbacks, histograms.
 */
public final class OpenModelRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BUSINESS_REASONS = Set.of("PAYMENT_DECLINED", "OUT_OF_STOCK");
    private static final int BATCH = 1_000;
    /**
     * Ticks are at least this far apart: above ~4,000 arrivals/s one wake-up sends several requests instead of
     * arming a timer per request. The lateness this adds (at most this much) is measured like any other.
     */
    private static final long MIN_TICK_NANOS = 250_000;
    private static final long NONE = Long.MIN_VALUE;

    private final TrafficConfig config;
    private final LoadProfile profile;
    private final SyntheticData data;
    private final Workload workload;
    private final ArrivalSchedule schedule;
    private final HttpTransport transport;
    private final Measurements m = new Measurements();
    private final Endpoint orders;
    private final Endpoint inventory;
    private final Endpoint notifications;
    private final Endpoint payments;
    private final Endpoint raw;
    /** Card tokens issued to this run's customers, by customer and card number: one tokenization per pair. */
    private final Map<String, String> cardTokens = new HashMap<>();
    /** A flash sale's arrivals, drawn before the sale so their cards can be saved first ({@link #flashSaleBuyers()}). */
    private java.util.ArrayDeque<WorkItem> drawnBeforeTheSale;
    private final String rawPath;
    private final Map<String, Tracker> trackers = new HashMap<>();
    private final String[] knownOrders = new String[4096];
    /**
     * Each customer's latest accepted order not yet seen in a final state, oldest first: what a support case about
     * that customer cancels. Bounded like {@link #knownOrders}; without completion tracking only that bound ages them.
     */
    private final LinkedHashMap<String, String> cancellable = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) { return size() > knownOrders.length; }
    };
    private final List<TrafficResult.Marker> markers = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<TrafficResult> result = new CompletableFuture<>();
    private final double plannedSeconds;
    private long knownCount;
    private long startNanos;
    private Instant startedAt;
    private long nextDue = NONE;
    private long schedulingEndedNanos;
    private long drainDeadline;
    private boolean schedulingDone;
    private boolean interrupted;
    private int secondsClosed;
    private volatile LiveSnapshot snapshot;

    public OpenModelRun(TrafficConfig config, SyntheticData data, HttpTransport transport) {
        this.config = config;
        this.profile = config.profile();
        this.data = data;
        this.workload = data.workload();
        this.schedule = new ArrivalSchedule(profile, config.spacing(), SyntheticData.mix(config.seed(), 0xA441L));
        this.transport = transport;
        this.orders = Endpoint.of("order-service", config.targets().orderService());
        this.inventory = Endpoint.of("inventory-service", config.targets().inventoryService());
        this.notifications = Endpoint.of("notification-service", config.targets().notificationService());
        this.payments = Endpoint.of("payment-service", config.targets().paymentService());
        if (config.rawUrl() != null) {
            URI url = config.rawUrl();
            this.raw = Endpoint.of("target", URI.create(url.getScheme() + "://" + url.getRawAuthority()));
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            this.rawPath = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        } else {
            this.raw = null;
            this.rawPath = null;
        }
        this.plannedSeconds = profile.durationSeconds();
        this.snapshot = LiveSnapshot.empty(config.runId(), profile.name(), plannedSeconds);
    }

    /** Endpoints this run will send to (for the reachability check). */
    public List<Endpoint> endpoints() {
        if (raw != null) {
            return List.of(raw);
        }
        List<Endpoint> list = new ArrayList<>();
        list.add(orders);
        Map<io.firedrill.traffic.data.WorkloadMix.Kind, Double> mix = data.spec().mix().weights();
        if (mix.containsKey(io.firedrill.traffic.data.WorkloadMix.Kind.CHECKOUT) || profile.name().equals("flash-sale")) {
            list.add(payments);
        }
        if (mix.containsKey(io.firedrill.traffic.data.WorkloadMix.Kind.STOCK_LOOKUP) || config.loadCatalog()) {
            list.add(inventory);
        }
        if (mix.containsKey(io.firedrill.traffic.data.WorkloadMix.Kind.NOTIFICATION_PREFERENCES)) {
            list.add(notifications);
        }
        return list.stream().distinct().toList();
    }

    public CompletableFuture<TrafficResult> result() { return result; }

    /**
     * The buyers of a flash sale, drawn now (the same seeded sequence the run would draw at each arrival, and the run
     * then dispatches exactly these): a flash sale's buyers are registered customers with a saved card, so their cards
     * are tokenized before the sale opens ({@link #savedCards}), not in the herd. Tokenizing inside it sent 10,000
     * card POSTs to payment-service in the same 5 s as the checkouts, and 9,048 of 10,000 buyers timed out.
     * Empty when the run is not a flash sale. Call before {@link #start()}.
     */
    public List<WorkItem.Checkout> flashSaleBuyers() {
        if (raw != null || data.spec().flashSale() == null) {
            return List.of();
        }
        if (drawnBeforeTheSale == null) {
            drawnBeforeTheSale = new java.util.ArrayDeque<>();
            ArrivalSchedule arrivals = new ArrivalSchedule(profile, config.spacing(), SyntheticData.mix(config.seed(), 0xA441L));
            for (double t = arrivals.next(); t >= 0; t = arrivals.next()) {
                drawnBeforeTheSale.add(workload.next(weightsAt(t)));
            }
        }
        return drawnBeforeTheSale.stream().filter(WorkItem.Checkout.class::isInstance).map(WorkItem.Checkout.class::cast).toList();
    }

    /** Tokens of cards saved before the run, by {@link #cardKey}; a buyer without one tokenizes at checkout. */
    public void savedCards(Map<String, String> tokens) {
        cardTokens.putAll(tokens);
    }

    /** The key of a customer's card in {@link #savedCards}. */
    public static String cardKey(WorkItem.Checkout checkout) {
        return checkout.customerId() + "|" + checkout.paymentMethod().cardNumber();
    }

    public LiveSnapshot snapshot() { return snapshot; }

    public void start() {
        transport.loop().execute(() -> {
            startedAt = Instant.now();
            startNanos = System.nanoTime() + 2_000_000;
            advance();
            transport.loop().schedule(this::tick, 2, TimeUnit.MILLISECONDS);
            transport.loop().scheduleAtFixedRate(this::second, startNanos + 1_000_000_000L - System.nanoTime(),
                    1_000_000_000L, TimeUnit.NANOSECONDS);
        });
    }

    /**
     * Stops scheduling now; in-flight requests and tracked checkouts still finish (bounded by their timeouts). After
     * the run ended (its event loop shut down) there is nothing to stop: closing a finished run is a no-op.
     */
    public void stop() {
        if (result.isDone() || transport.loop().isShuttingDown()) {
            return;
        }
        transport.loop().execute(() -> {
            if (!schedulingDone) {
                interrupted = true;
                endScheduling();
            }
        });
    }

    public void mark(String label) {
        transport.loop().execute(() -> markers.add(new TrafficResult.Marker(round3(elapsed(System.nanoTime())), label)));
    }

    private double elapsed(long now) { return Math.max(0, (now - startNanos) / 1e9); }

    private static double round3(double v) { return Math.round(v * 1000) / 1000.0; }

    private void advance() {
        double t = schedule.next();
        nextDue = t < 0 ? NONE : startNanos + (long) (t * 1e9);
    }

    private void tick() {
        if (schedulingDone) {
            return;
        }
        long now = System.nanoTime();
        int n = 0;
        while (nextDue != NONE && nextDue - now <= 0 && n < BATCH) {
            long intended = nextDue;
            double t = (intended - startNanos) / 1e9;
            WorkItem item = raw != null ? null
                    : drawnBeforeTheSale != null && !drawnBeforeTheSale.isEmpty() ? drawnBeforeTheSale.poll()
                    : workload.next(weightsAt(t));
            m.scheduled++;
            m.scheduleLag.recordValue(Measurements.clampUs(now - intended));
            dispatch(item, intended, tenth(t));
            advance();
            n++;
        }
        if (nextDue == NONE) {
            endScheduling();
        } else if (n == BATCH) {
            // Behind schedule: let I/O run, then catch up; lateness is visible in scheduleLag and in latency.
            transport.loop().execute(this::tick);
        } else {
            long delay = Math.max(nextDue - System.nanoTime(), MIN_TICK_NANOS - (System.nanoTime() - now));
            transport.loop().schedule(this::tick, Math.max(0, delay), TimeUnit.NANOSECONDS);
        }
    }

    private double[] weightsAt(double t) {
        double[] w = profile.regionWeightsAt(t);
        if (w != null) {
            return w;
        }
        double[] base = new double[Region.values().length];
        for (Map.Entry<Region, Double> e : data.spec().regions().weights().entrySet()) {
            base[e.getKey().ordinal()] = e.getValue();
        }
        return base;
    }

    private int tenth(double t) {
        if (!"soak".equals(profile.name())) {
            return 0;
        }
        return t < plannedSeconds / 10 ? -1 : t >= plannedSeconds * 0.9 ? 1 : 0;
    }

    // ---- dispatch ------------------------------------------------------------------------------------------

    private void dispatch(WorkItem item, long intended, int tenth) {
        if (item == null) {
            send(new Call(Operation.REQUEST, null, intended, tenth), raw, HttpMethod.GET, rawPath, null);
        } else if (item instanceof WorkItem.Checkout c) {
            String token = cardTokens.get(cardKey(c));
            if (token != null) {
                checkout(c, token, intended, tenth, true);
            } else { // the customer's first checkout with this card: tokenize it first, as a shop's checkout page does
                send(new TokenizeCall(c, intended, tenth), payments, HttpMethod.POST, "/api/payment-methods",
                        json(new TokenizeCard(c.customerId(), c.paymentMethod().cardNumber())));
            }
        } else if (item instanceof WorkItem.OrderLookup l) {
            lookupOrCustomerOrders(l.region(), l.customerId(), l.orderPick(), intended, tenth);
        } else if (item instanceof WorkItem.CustomerOrders c) {
            customerOrders(c.region(), c.customerId(), intended, tenth);
        } else if (item instanceof WorkItem.StockLookup s) {
            send(new Call(Operation.STOCK_LOOKUP, s.region(), intended, tenth), inventory, HttpMethod.GET,
                    "/api/inventory/stock/" + enc(s.sku()), null);
        } else if (item instanceof WorkItem.SupportCase s) {
            if (s.action() == WorkItem.SupportCase.Action.LOOKUP) {
                lookupOrCustomerOrders(s.region(), s.customerId(), s.orderPick(), intended, tenth);
            } else {
                String orderId = orderToCancel(s.customerId(), s.orderPick());
                if (orderId == null) {
                    customerOrders(s.region(), s.customerId(), intended, tenth);
                } else {
                    Tracker tracker = trackers.get(orderId);
                    if (tracker != null) {
                        tracker.cancelledByUs = true;
                    }
                    send(new Call(Operation.SUPPORT_CANCEL, s.region(), intended, tenth), orders, HttpMethod.POST,
                            "/api/orders/" + enc(orderId) + "/cancel", null);
                }
            }
        } else if (item instanceof WorkItem.PreferencesChange p) {
            send(new Call(Operation.NOTIFICATION_PREFERENCES, p.region(), intended, tenth), notifications, HttpMethod.PUT,
                    "/api/customers/" + enc(p.customerId()) + "/notification-preferences", json(p.preferences()));
        } else {
            throw new IllegalStateException("unhandled work item " + item);
        }
    }

    private void checkout(WorkItem.Checkout c, String token, long intended, int tenth, boolean arrival) {
        byte[] body = json(new CheckoutRequest(c.customerId(), c.region().id(), c.items(), new TokenPayment("token", token)));
        send(new CheckoutCall(c.region(), c.customerId(), intended, tenth), orders, HttpMethod.POST, "/api/orders", body,
                arrival);
    }

    private void lookupOrCustomerOrders(Region region, String customerId, long pick, long intended, int tenth) {
        String orderId = pickOrder(pick);
        if (orderId == null) {
            customerOrders(region, customerId, intended, tenth);
        } else {
            send(new Call(Operation.ORDER_LOOKUP, region, intended, tenth), orders, HttpMethod.GET,
                    "/api/orders/" + enc(orderId), null);
        }
    }

    private void customerOrders(Region region, String customerId, long intended, int tenth) {
        send(new Call(Operation.CUSTOMER_ORDERS, region, intended, tenth), orders, HttpMethod.GET,
                "/api/customers/" + enc(customerId) + "/orders", null);
    }

    /**
     * A support case cancels its customer's own latest order while it is likely still cancellable (accepted, not
     * seen in a final state); only when the customer has none, any order of the run, as a look-up would pick.
     */
    private String orderToCancel(String customerId, long pick) {
        String own = cancellable.remove(customerId);
        return own != null ? own : pickOrder(pick);
    }

    private String pickOrder(long pick) {
        if (knownCount == 0) {
            return null;
        }
        int size = (int) Math.min(knownCount, knownOrders.length);
        return knownOrders[(int) (pick % size)];
    }

    private void send(Call call, Endpoint endpoint, HttpMethod method, String path, byte[] body) {
        send(call, endpoint, method, path, body, true);
    }

    /**
     * {@code arrival}: this request is the arrival's first (counted as sent, or as dropped); a follow-up of the same
     * arrival (the checkout after its card was tokenized) is not counted again.
     */
    private void send(Call call, Endpoint endpoint, HttpMethod method, String path, byte[] body, boolean arrival) {
        if (transport.send(endpoint, method, path, body, true, call)) {
            if (arrival) {
                m.sent++;
                m.secondSent++;
            }
        } else {
            if (arrival) {
                m.dropped++;
                m.secondDropped++;
            }
            m.record(call.op, call.region, Outcome.DROPPED, -1, -1, null, call.tenth);
            if (call instanceof CheckoutCall && config.trackCompletion()) {
                m.record(Operation.CHECKOUT_COMPLETED, call.region, Outcome.DROPPED, -1, -1, null, call.tenth);
            }
        }
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }

    record CheckoutRequest(String customerId, String tenantRegion, List<CartLine> items, TokenPayment paymentMethod) {}

    record TokenPayment(String type, String token) {}

    record TokenizeCard(String customerId, String cardNumber) {
        @Override
        public String toString() { return "TokenizeCard[customerId=" + customerId + "]"; }
    }

    // ---- outcomes ------------------------------------------------------------------------------------------

    private static final class Verdict {
        final Outcome outcome;
        final String reason;

        Verdict(Outcome outcome, String reason) {
            this.outcome = outcome;
            this.reason = reason;
        }
    }

    static String businessReason(FullHttpResponse response) {
        if (response.content().readableBytes() == 0 || response.content().readableBytes() > 64 * 1024) {
            return null;
        }
        String body = response.content().toString(StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        for (String reason : BUSINESS_REASONS) {
            if (body.contains(reason)) {
                return reason;
            }
        }
        return null;
    }

    private Verdict classify(Operation op, FullHttpResponse response) {
        int status = response.status().code();
        if (status >= 200 && status < 300) {
            return new Verdict(Outcome.OK, null);
        }
        if (op == Operation.SUPPORT_CANCEL && (status == 409 || status == 422)) {
            return new Verdict(Outcome.BUSINESS_DECLINE, "NOT_CANCELLABLE");
        }
        if (status >= 400 && status < 500) {
            String business = businessReason(response);
            return business != null ? new Verdict(Outcome.BUSINESS_DECLINE, business)
                    : new Verdict(Outcome.CLIENT_ERROR, "http_" + status);
        }
        if (status >= 500) {
            return new Verdict(Outcome.SERVER_ERROR, "http_" + status);
        }
        return new Verdict(Outcome.CLIENT_ERROR, "unexpected_http_" + status);
    }

    private static Verdict classify(Throwable cause) {
        if (cause instanceof HttpTransport.RequestTimeout || cause instanceof ConnectTimeoutException) {
            return new Verdict(Outcome.TIMEOUT, "timeout");
        }
        if (cause instanceof ConnectException) {
            return new Verdict(Outcome.CONNECTION_ERROR, "connect_failed");
        }
        return new Verdict(Outcome.CONNECTION_ERROR, "io_error");
    }

    private class Call implements HttpTransport.Callback {
        final Operation op;
        final Region region;
        final long intended;
        final int tenth;

        Call(Operation op, Region region, long intended, int tenth) {
            this.op = op;
            this.region = region;
            this.intended = intended;
            this.tenth = tenth;
        }

        @Override
        public void onResponse(FullHttpResponse response, long sentNanos) {
            long now = System.nanoTime();
            Verdict v = classify(op, response);
            m.record(op, region, v.outcome, now - intended, now - sentNanos, v.reason, tenth);
            after(v, response, now);
        }

        @Override
        public void onFailure(Throwable cause, long sentNanos) {
            long now = System.nanoTime();
            Verdict v = classify(cause);
            m.record(op, region, v.outcome, now - intended, now - sentNanos, v.reason, tenth);
            after(v, null, now);
        }

        void after(Verdict verdict, FullHttpResponse response, long now) {}
    }

    /**
     * {@code POST /api/payment-methods} before a customer's first checkout with a card: on success the token is kept and
     * the checkout goes out (its latency from the intended time includes this step); a failure is the checkout's
     * failure at the door, recorded as such.
     */
    private final class TokenizeCall extends Call {
        final WorkItem.Checkout checkout;

        TokenizeCall(WorkItem.Checkout checkout, long intended, int tenth) {
            super(Operation.CHECKOUT_ACCEPTED, checkout.region(), intended, tenth);
            this.checkout = checkout;
        }

        @Override
        public void onResponse(FullHttpResponse response, long sentNanos) {
            boolean ok = response.status().code() / 100 == 2;
            String token = ok ? token(response) : null;
            if (token != null) {
                cardTokens.put(cardKey(checkout), token);
                checkout(checkout, token, intended, tenth, false);
            } else if (ok) {
                long now = System.nanoTime();
                Verdict v = new Verdict(Outcome.SERVER_ERROR, "no_card_token");
                m.record(op, region, v.outcome, now - intended, now - sentNanos, v.reason, tenth);
                after(v, response, now);
            } else {
                super.onResponse(response, sentNanos);
            }
        }

        @Override
        void after(Verdict verdict, FullHttpResponse response, long now) {
            if (config.trackCompletion()) {
                m.record(Operation.CHECKOUT_COMPLETED, region, verdict.outcome, now - intended, -1, verdict.reason, tenth);
            }
        }

        private String token(FullHttpResponse response) {
            try {
                JsonNode node = JSON.readTree(new ByteBufInputStream(response.content().duplicate()));
                return node != null && node.hasNonNull("token") ? node.get("token").asText() : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** {@code POST /api/orders}: records acceptance, then follows the order to its final state. */
    private final class CheckoutCall extends Call {
        final String customerId;

        CheckoutCall(Region region, String customerId, long intended, int tenth) {
            super(Operation.CHECKOUT_ACCEPTED, region, intended, tenth);
            this.customerId = customerId;
        }

        @Override
        void after(Verdict verdict, FullHttpResponse response, long now) {
            if (verdict.outcome != Outcome.OK) {
                // A checkout that failed at the door failed end to end too, with the same cause.
                if (config.trackCompletion()) {
                    m.record(Operation.CHECKOUT_COMPLETED, region, verdict.outcome, now - intended, -1, verdict.reason, tenth);
                }
                return;
            }
            String orderId = orderId(response);
            if (orderId == null) {
                if (config.trackCompletion()) {
                    m.record(Operation.CHECKOUT_COMPLETED, region, Outcome.SERVER_ERROR, now - intended, -1, "no_order_id", tenth);
                }
                return;
            }
            knownOrders[(int) (knownCount++ % knownOrders.length)] = orderId;
            cancellable.remove(customerId);
            cancellable.put(customerId, orderId);
            if (!config.trackCompletion()) {
                return;
            }
            if (trackers.size() >= config.maxTrackedCheckouts()) {
                m.untracked++;
                m.ops[Operation.CHECKOUT_COMPLETED.ordinal()].reasons.merge("untracked", 1L, Long::sum);
                return;
            }
            Tracker tracker = new Tracker(orderId, customerId, region, intended, tenth, now + config.completionTimeout().toNanos());
            trackers.put(orderId, tracker);
            tracker.schedulePoll();
        }
    }

    static String orderId(FullHttpResponse response) {
        if (response.content().readableBytes() > 0) {
            try {
                JsonNode node = JSON.readTree(new ByteBufInputStream(response.content().duplicate()));
                if (node != null && node.hasNonNull("orderId")) {
                    return node.get("orderId").asText();
                }
            } catch (IOException e) {
                // Not JSON: fall back to the Location header.
            }
        }
        String location = response.headers().get(HttpHeaderNames.LOCATION);
        if (location != null && !location.isBlank()) {
            String trimmed = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
            return trimmed.substring(trimmed.lastIndexOf('/') + 1);
        }
        return null;
    }

    /** Age-based spacing stops growing here; a longer {@code --poll-interval} still wins. */
    static final long MAX_POLL_SPACING_NANOS = TimeUnit.SECONDS.toNanos(2);

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

    /** Polls {@code GET /api/orders/{id}} until the saga ends or the completion timeout passes. */
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
                again(System.nanoTime(), "poll_postponed");
                return;
            }
            transport.send(orders, HttpMethod.GET, "/api/orders/" + enc(orderId), null, false, this);
        }

        @Override
        public void onResponse(FullHttpResponse response, long sentNanos) {
            long now = System.nanoTime();
            if (done) {
                return;
            }
            if (response.status().code() / 100 != 2) {
                m.pollErrors++;
                again(now, "poll_http_" + response.status().code());
                return;
            }
            String status = null;
            String reason = null;
            try {
                JsonNode node = JSON.readTree(new ByteBufInputStream(response.content().duplicate()));
                status = node.path("status").asText(null);
                reason = node.hasNonNull("reason") ? node.get("reason").asText() : null;
            } catch (IOException e) {
                m.pollErrors++;
            }
            if ("COMPLETED".equals(status)) {
                finish(Outcome.OK, null, now);
            } else if ("CANCELLED".equals(status)) {
                String why = reason == null ? "UNSPECIFIED" : reason.toUpperCase(Locale.ROOT);
                if (BUSINESS_REASONS.contains(why)) {
                    finish(Outcome.BUSINESS_DECLINE, why, now);
                } else if (cancelledByUs) {
                    finish(Outcome.BUSINESS_DECLINE, "CANCELLED_BY_SUPPORT", now);
                } else {
                    finish(Outcome.SAGA_FAILED, "CANCELLED_" + why, now);
                }
            } else if ("COMPENSATION_FAILED".equals(status)) {
                finish(Outcome.SAGA_FAILED, "COMPENSATION_FAILED", now);
            } else {
                again(now, status == null ? "unreadable_status" : "still_" + status);
            }
        }

        @Override
        public void onFailure(Throwable cause, long sentNanos) {
            m.pollErrors++;
            again(System.nanoTime(), "poll_" + classify(cause).reason);
        }

        private void again(long now, String lastSeen) {
            if (now - deadline >= 0) {
                finish(Outcome.TIMEOUT, "completion_timeout", now);
            } else if (!schedulingDone || now - drainDeadline < 0) {
                schedulePoll();
            }
        }

        void finish(Outcome outcome, String reason, long now) {
            if (done) {
                return;
            }
            done = true;
            trackers.remove(orderId);
            cancellable.remove(customerId, orderId);
            m.record(Operation.CHECKOUT_COMPLETED, region, outcome, now - intended, -1, reason, tenth);
        }
    }

    // ---- time keeping --------------------------------------------------------------------------------------

    private void endScheduling() {
        if (schedulingDone) {
            return;
        }
        schedulingDone = true;
        nextDue = NONE;
        schedulingEndedNanos = System.nanoTime();
        long grace = config.requestTimeout().toNanos() + (config.trackCompletion() ? config.completionTimeout().toNanos() : 0);
        drainDeadline = schedulingEndedNanos + grace + 1_000_000_000L;
        drain();
    }

    private void drain() {
        long now = System.nanoTime();
        if (transport.inFlight() == 0 && trackers.isEmpty()) {
            finish();
        } else if (now - drainDeadline >= 0) {
            for (Tracker tracker : new ArrayList<>(trackers.values())) {
                tracker.finish(Outcome.TIMEOUT, "unfinished_at_end", now);
            }
            transport.abortAll("still in flight when the run ended");
            finish();
        } else {
            transport.loop().schedule(this::drain, 10, TimeUnit.MILLISECONDS);
        }
    }

    private void second() {
        if (result.isDone()) {
            return;
        }
        long now = System.nanoTime();
        double t = elapsed(now);
        int k = secondsClosed++;
        double target = profile.expectedArrivals(Math.min(k + 1, plannedSeconds)) - profile.expectedArrivals(Math.min(k, plannedSeconds));
        if (interrupted || k >= plannedSeconds) {
            target = 0;
        }
        publish(t, target, false);
        m.closeSecond(k + 1, target, transport.inFlight());
    }

    private void publish(double t, double targetRate, boolean finished) {
        Map<Operation, LiveSnapshot.Op> ops = new EnumMap<>(Operation.class);
        for (Measurements.OpStats s : m.ops) {
            if (s.count() == 0) {
                continue;
            }
            Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                if (s.outcomes[o.ordinal()] > 0) {
                    outcomes.put(o, s.outcomes[o.ordinal()]);
                }
            }
            Histogram h = s.latency;
            boolean any = h.getTotalCount() > 0;
            long lastCount = 0;
            for (long c : s.secondOutcomes) {
                lastCount += c;
            }
            ops.put(s.op, new LiveSnapshot.Op(outcomes, any ? Measurements.ms(h.getValueAtPercentile(50)) : 0,
                    any ? Measurements.ms(h.getValueAtPercentile(90)) : 0, any ? Measurements.ms(h.getValueAtPercentile(95)) : 0,
                    any ? Measurements.ms(h.getValueAtPercentile(99)) : 0, any ? Measurements.ms(h.getValueAtPercentile(99.9)) : 0,
                    any ? Measurements.ms(h.getMaxValue()) : 0, any ? h.getMean() / 1000.0 : 0,
                    s.second.getTotalCount() > 0 ? Measurements.ms(s.second.getValueAtPercentile(99)) : 0, lastCount));
        }
        LiveSnapshot s = new LiveSnapshot(config.runId(), profile.name(), round3(t), plannedSeconds, targetRate,
                m.secondSent, transport.inFlight(), m.scheduled, m.sent, m.dropped, ops, finished);
        snapshot = s;
        if (config.progress() != null) {
            try {
                config.progress().accept(s);
            } catch (RuntimeException e) {
                // A broken progress sink must not kill the measurement.
            }
        }
    }

    private void finish() {
        if (result.isDone()) {
            return;
        }
        long now = System.nanoTime();
        double elapsed = elapsed(now);
        // Close the partial last second so its requests appear in the timeline.
        if (m.secondSent + m.secondDropped + m.secondResponses > 0 || m.timeline.isEmpty()) {
            double target = secondsClosed < plannedSeconds && !interrupted
                    ? profile.expectedArrivals(Math.min(secondsClosed + 1, plannedSeconds)) - profile.expectedArrivals(secondsClosed) : 0;
            publish(elapsed, target, false);
            m.closeSecond(Math.round(elapsed * 1000) / 1000.0, target, transport.inFlight());
        }
        publish(elapsed, 0, true);
        try {
            result.complete(buildResult(elapsed));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private TrafficResult buildResult(double elapsed) {
        double window = interrupted ? (schedulingEndedNanos - startNanos) / 1e9 : plannedSeconds;
        window = Math.max(window, 1e-3);
        double targetMean = profile.expectedArrivals(window) / window;
        double achieved = m.sent / window;
        Map<String, String> targets = new LinkedHashMap<>();
        for (Endpoint e : endpoints()) {
            targets.put(e.name(), e.url());
        }
        TrafficResult.RunInfo info = new TrafficResult.RunInfo(config.runId(), "firedrill-traffic 0.1.0", profile.name(),
                profile.describe(), config.seed(), config.spacing().name().toLowerCase(Locale.ROOT), startedAt.toString(),
                plannedSeconds, round3(elapsed), interrupted, targets, raw != null ? "GET " + config.rawUrl() : data.spec().mix().toString(),
                data.spec().regions().toString(), data.spec().declineRatio(), config.maxInFlight(),
                config.requestTimeout().toMillis(), transport.connectionsOpened(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        long scheduled = m.scheduled;
        TrafficResult.Rates rates = new TrafficResult.Rates(round3(targetMean), round3(profile.peakRate()), scheduled, m.sent,
                m.dropped, round3(achieved), targetMean == 0 ? 0 : Math.round(achieved / targetMean * 10000) / 10000.0,
                scheduled == 0 ? 0 : (double) m.dropped / scheduled, Measurements.percentiles(m.scheduleLag));

        List<TrafficResult.OperationSummary> ops = new ArrayList<>();
        Histogram requests = Measurements.histogram();
        Map<String, TrafficResult.Drift> drift = new LinkedHashMap<>();
        for (Measurements.OpStats s : m.ops) {
            if (s.count() == 0 && s.reasons.isEmpty()) {
                continue;
            }
            Map<String, Long> outcomes = new LinkedHashMap<>();
            for (Outcome o : Outcome.values()) {
                if (s.outcomes[o.ordinal()] > 0) {
                    outcomes.put(o.key(), s.outcomes[o.ordinal()]);
                }
            }
            long answered = s.count() - s.outcomes[Outcome.DROPPED.ordinal()];
            ops.add(new TrafficResult.OperationSummary(s.op.key(), s.count(), outcomes, s.errors(),
                    answered == 0 ? 0 : (double) s.errors() / answered, Measurements.percentiles(s.latency),
                    Measurements.percentiles(s.service), new LinkedHashMap<>(s.reasons), Measurements.encode(s.latency)));
            if (s.op.singleRequest()) {
                requests.add(s.latency);
            }
            if ("soak".equals(profile.name()) && s.firstTenth.getTotalCount() > 0 && s.lastTenth.getTotalCount() > 0) {
                double first = Measurements.ms(s.firstTenth.getValueAtPercentile(99));
                double last = Measurements.ms(s.lastTenth.getValueAtPercentile(99));
                drift.put(s.op.key(), new TrafficResult.Drift(first, last, first == 0 ? 0 : Math.round(last / first * 100) / 100.0));
            }
        }
        List<TrafficResult.RegionSummary> regions = new ArrayList<>();
        for (Map.Entry<Region, Measurements.RegionStats> e : m.regions.entrySet()) {
            Measurements.RegionStats r = e.getValue();
            regions.add(new TrafficResult.RegionSummary(e.getKey().id(), r.requests, r.errors,
                    r.requests == 0 ? 0 : (double) r.errors / r.requests, Measurements.percentiles(r.latency),
                    Measurements.percentiles(r.completed)));
        }
        TrafficResult.FlashSaleSummary flash = null;
        if (data.spec().flashSale() != null && raw == null) {
            Measurements.OpStats accepted = m.ops[Operation.CHECKOUT_ACCEPTED.ordinal()];
            Measurements.OpStats completed = m.ops[Operation.CHECKOUT_COMPLETED.ordinal()];
            long ok = completed.outcomes[Outcome.OK.ordinal()];
            long declined = completed.reasons.getOrDefault("PAYMENT_DECLINED", 0L);
            long oos = completed.reasons.getOrDefault("OUT_OF_STOCK", 0L);
            int units = data.spec().flashSale().units();
            flash = new TrafficResult.FlashSaleSummary(data.spec().flashSale().sku(), units, data.spec().flashSale().buyers(),
                    accepted.outcomes[Outcome.OK.ordinal()], ok, declined, oos, completed.count() - ok - declined - oos,
                    Math.max(0, ok - units), null);
        }
        return new TrafficResult(info, rates, ops, Measurements.percentiles(requests), regions, List.copyOf(m.timeline),
                List.copyOf(markers), flash, drift.isEmpty() ? null : drift, List.of(), TrafficResult.PASS, 0);
    }
}
