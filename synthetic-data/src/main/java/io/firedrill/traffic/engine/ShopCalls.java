package io.firedrill.traffic.engine;

import io.firedrill.traffic.Operation;
import io.firedrill.traffic.Outcome;
import io.firedrill.traffic.TrafficConfig;
import io.firedrill.traffic.data.Region;
import io.firedrill.traffic.data.SyntheticData;
import io.firedrill.traffic.data.WorkItem;
import io.firedrill.traffic.data.WorkloadMix;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP interactions of one arrival with the shop: which service, method, path and body each kind of work item
 * sends, and what a reply sets off (a tokenized card's checkout, an accepted order's tracking). Each arrival's first
 * request counts as sent, or as dropped at the in-flight bound. Runs on the transport's event loop.
 */
final class ShopCalls {

    private final TrafficConfig config;
    private final SyntheticData data;
    private final HttpTransport transport;
    private final Measurements m;
    private final Endpoint orders;
    private final Endpoint inventory;
    private final Endpoint notifications;
    private final Endpoint payments;
    /** With {@code --url}: the one endpoint and path every arrival GETs instead of the shop workload. */
    private final Endpoint raw;
    private final String rawPath;
    private final CardTokens cardTokens = new CardTokens();
    private final KnownOrders known = new KnownOrders();
    private final CompletionTracker completions;

    ShopCalls(TrafficConfig config, SyntheticData data, HttpTransport transport, Measurements m) {
        this.config = config;
        this.data = data;
        this.transport = transport;
        this.m = m;
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
        this.completions = new CompletionTracker(config, transport, m, orders, known);
    }

    /** Whether every arrival GETs one URL ({@code --url}) rather than acting as a shopper. */
    boolean singleUrl() { return raw != null; }

    CompletionTracker completions() { return completions; }

    CardTokens cardTokens() { return cardTokens; }

    /** Endpoints this run will send to (for the reachability check). */
    List<Endpoint> endpoints() {
        if (raw != null) {
            return List.of(raw);
        }
        List<Endpoint> list = new ArrayList<>();
        list.add(orders);
        Map<WorkloadMix.Kind, Double> mix = data.spec().mix().weights();
        if (mix.containsKey(WorkloadMix.Kind.CHECKOUT) || config.profile().name().equals("flash-sale")) {
            list.add(payments);
        }
        if (mix.containsKey(WorkloadMix.Kind.STOCK_LOOKUP) || config.loadCatalog()) {
            list.add(inventory);
        }
        if (mix.containsKey(WorkloadMix.Kind.NOTIFICATION_PREFERENCES)) {
            list.add(notifications);
        }
        return list.stream().distinct().toList();
    }

    /** Sends the arrival of {@code item} (null: the {@code --url} request) due at {@code intended}. */
    void dispatch(WorkItem item, long intended, int tenth) {
        if (item == null) {
            send(new Call(Operation.REQUEST, null, intended, tenth), raw, HttpMethod.GET, rawPath, null);
        } else if (item instanceof WorkItem.Checkout c) {
            String token = cardTokens.get(c);
            if (token != null) {
                checkout(c, token, intended, tenth, true);
            } else { // the customer's first checkout with this card: tokenize it first, as a shop's checkout page does
                send(new TokenizeCall(c, intended, tenth), payments, HttpMethod.POST, "/api/payment-methods",
                        ShopWire.json(new ShopWire.TokenizeCard(c.customerId(), c.paymentMethod().cardNumber())));
            }
        } else if (item instanceof WorkItem.OrderLookup l) {
            lookupOrCustomerOrders(l.region(), l.customerId(), l.orderPick(), intended, tenth);
        } else if (item instanceof WorkItem.CustomerOrders c) {
            customerOrders(c.region(), c.customerId(), intended, tenth);
        } else if (item instanceof WorkItem.StockLookup s) {
            send(new Call(Operation.STOCK_LOOKUP, s.region(), intended, tenth), inventory, HttpMethod.GET,
                    "/api/inventory/stock/" + ShopWire.enc(s.sku()), null);
        } else if (item instanceof WorkItem.SupportCase s) {
            supportCase(s, intended, tenth);
        } else if (item instanceof WorkItem.PreferencesChange p) {
            send(new Call(Operation.NOTIFICATION_PREFERENCES, p.region(), intended, tenth), notifications, HttpMethod.PUT,
                    "/api/customers/" + ShopWire.enc(p.customerId()) + "/notification-preferences", ShopWire.json(p.preferences()));
        } else {
            throw new IllegalStateException("unhandled work item " + item);
        }
    }

    private void supportCase(WorkItem.SupportCase s, long intended, int tenth) {
        if (s.action() == WorkItem.SupportCase.Action.LOOKUP) {
            lookupOrCustomerOrders(s.region(), s.customerId(), s.orderPick(), intended, tenth);
            return;
        }
        String orderId = known.toCancel(s.customerId(), s.orderPick());
        if (orderId == null) {
            customerOrders(s.region(), s.customerId(), intended, tenth);
        } else {
            completions.cancelling(orderId);
            send(new Call(Operation.SUPPORT_CANCEL, s.region(), intended, tenth), orders, HttpMethod.POST,
                    "/api/orders/" + ShopWire.enc(orderId) + "/cancel", null);
        }
    }

    private void checkout(WorkItem.Checkout c, String token, long intended, int tenth, boolean arrival) {
        byte[] body = ShopWire.json(new ShopWire.CheckoutRequest(c.customerId(), c.region().id(), c.items(),
                new ShopWire.TokenPayment("token", token)));
        send(new CheckoutCall(c.region(), c.customerId(), intended, tenth), orders, HttpMethod.POST, "/api/orders", body,
                arrival);
    }

    private void lookupOrCustomerOrders(Region region, String customerId, long pick, long intended, int tenth) {
        String orderId = known.pick(pick);
        if (orderId == null) {
            customerOrders(region, customerId, intended, tenth);
        } else {
            send(new Call(Operation.ORDER_LOOKUP, region, intended, tenth), orders, HttpMethod.GET,
                    "/api/orders/" + ShopWire.enc(orderId), null);
        }
    }

    private void customerOrders(Region region, String customerId, long intended, int tenth) {
        send(new Call(Operation.CUSTOMER_ORDERS, region, intended, tenth), orders, HttpMethod.GET,
                "/api/customers/" + ShopWire.enc(customerId) + "/orders", null);
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

    /** One request of an arrival: records its verdict and latency from the arrival's intended start. */
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
            recorded(ReplyVerdict.of(op, response), response, sentNanos, now);
        }

        @Override
        public void onFailure(Throwable cause, long sentNanos) {
            long now = System.nanoTime();
            recorded(ReplyVerdict.of(cause), null, sentNanos, now);
        }

        final void recorded(ReplyVerdict v, FullHttpResponse response, long sentNanos, long now) {
            m.record(op, region, v.outcome(), now - intended, now - sentNanos, v.reason(), tenth);
            after(v, response, now);
        }

        void after(ReplyVerdict verdict, FullHttpResponse response, long now) {}

        /** A checkout that failed before or at the door failed end to end too, with the same cause. */
        final void failedEndToEnd(Outcome outcome, String reason, long now) {
            if (config.trackCompletion()) {
                m.record(Operation.CHECKOUT_COMPLETED, region, outcome, now - intended, -1, reason, tenth);
            }
        }
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
            String token = ok ? ShopWire.token(response) : null;
            if (token != null) {
                cardTokens.put(checkout, token);
                checkout(checkout, token, intended, tenth, false);
            } else if (ok) {
                recorded(new ReplyVerdict(Outcome.SERVER_ERROR, "no_card_token"), response, sentNanos, System.nanoTime());
            } else {
                super.onResponse(response, sentNanos);
            }
        }

        @Override
        void after(ReplyVerdict verdict, FullHttpResponse response, long now) {
            failedEndToEnd(verdict.outcome(), verdict.reason(), now);
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
        void after(ReplyVerdict verdict, FullHttpResponse response, long now) {
            if (verdict.outcome() != Outcome.OK) {
                failedEndToEnd(verdict.outcome(), verdict.reason(), now);
                return;
            }
            String orderId = ShopWire.orderId(response);
            if (orderId == null) {
                failedEndToEnd(Outcome.SERVER_ERROR, "no_order_id", now);
                return;
            }
            known.accepted(customerId, orderId);
            if (config.trackCompletion()) {
                completions.follow(orderId, customerId, region, intended, tenth, now);
            }
        }
    }
}
