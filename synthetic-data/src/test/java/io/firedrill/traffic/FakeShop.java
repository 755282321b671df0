package io.firedrill.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP contract of order-, inventory- and notification-service on one loopback port, with a saga that
 * decides at checkout and reveals its decision after {@code sagaMillis}: declining card -> CANCELLED
 * PAYMENT_DECLINED, not enough stock -> CANCELLED OUT_OF_STOCK, otherwise COMPLETED. Until then the order is
 * PENDING and a first cancellation succeeds (202, then CANCELLED CUSTOMER_REQUEST); after that, or a second time, it is
 * refused with 409.
 * {@code oversell} skips the stock check, like the legacy confirm-guard bug.
 *
 * <p>Served by Netty on one event-loop thread rather than the JDK's HttpServer: a flash-sale herd of 10,000
 * buyers needs a fake that answers thousands of requests a second on a 2-core machine shared with the generator.
 */
final class FakeShop implements AutoCloseable {

    record Order(String orderId, String customerId, String region, long readyAtNanos, String finalStatus, String reason) {}

    private record Reply(int status, Object body, String contentType, String location) {
        static Reply json(int status, Object body) { return new Reply(status, body, "application/json", null); }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, Integer> stock = new ConcurrentHashMap<>();
    final Map<String, Order> orders = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> regions = new ConcurrentHashMap<>();
    /** Cancellations answered 202 (the order was still pending and not cancelled yet). */
    final AtomicInteger cancelled = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final long sagaNanos;
    private final boolean oversell;
    volatile int catalogItemsLoaded;
    /** Cards tokenized by the run's customers, by token. */
    final Map<String, String> cardsByToken = new ConcurrentHashMap<>();
    /** The Authorization header of the last catalog load ("" when none was sent). */
    volatile String catalogAuthorization;

    FakeShop(long sagaMillis, boolean oversell) throws IOException {
        this.sagaNanos = sagaMillis * 1_000_000;
        this.oversell = oversell;
        try {
            server = new ServerBootstrap().group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8 << 20), new Handler());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully();
            throw new IOException("interrupted while starting the fake shop", e);
        }
    }

    URI url() { return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort()); }

    int hits(String route) { return hits.getOrDefault(route, new AtomicInteger()).get(); }

    private void hit(String route) { hits.computeIfAbsent(route, k -> new AtomicInteger()).incrementAndGet(); }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
            Reply reply = handle(request.method().name(), new QueryStringDecoder(request.uri()).path(), request);
            byte[] bytes = reply.body() == null ? new byte[0] : JSON.writeValueAsBytes(reply.body());
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
                    Unpooled.wrappedBuffer(bytes));
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            if (reply.body() != null) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
            }
            if (reply.location() != null) {
                response.headers().set(HttpHeaderNames.LOCATION, reply.location());
            }
            if (HttpUtil.isKeepAlive(request)) {
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private Reply handle(String method, String path, FullHttpRequest request) throws IOException {
        String[] parts = path.split("/");
        if (method.equals("POST") && path.equals("/admin/catalog")) {
            hit("catalog");
            catalogAuthorization = request.headers().get("Authorization", "");
            JsonNode items = body(request).path("items");
            for (JsonNode item : items) {
                stock.put(item.get("sku").asText(), item.get("stock").asInt());
            }
            catalogItemsLoaded += items.size();
            return Reply.json(200, Map.of("loaded", items.size()));
        } else if (method.equals("GET") && path.startsWith("/api/inventory/stock/")) {
            hit("stock");
            String sku = parts[4];
            Integer units = stock.get(sku);
            return units == null ? Reply.json(404, Map.of("title", "unknown sku " + sku))
                    : Reply.json(200, Map.of("sku", sku, "available", units));
        } else if (method.equals("POST") && path.equals("/api/payment-methods")) {
            hit("tokenize");
            JsonNode card = body(request);
            String token = "pm_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
            cardsByToken.put(token, card.path("cardNumber").asText(""));
            return Reply.json(201, Map.of("token", token, "customerId", card.path("customerId").asText(""), "type", "card"));
        } else if (method.equals("POST") && path.equals("/api/orders")) {
            hit("checkout");
            return checkout(body(request));
        } else if (method.equals("GET") && parts.length == 4 && path.startsWith("/api/orders/")) {
            hit("order");
            Order o = orders.get(parts[3]);
            if (o == null) {
                return Reply.json(404, Map.of("title", "no order " + parts[3]));
            } else if (System.nanoTime() < o.readyAtNanos()) {
                return Reply.json(200, Map.of("orderId", o.orderId(), "status", "PENDING"));
            }
            return Reply.json(200, o.reason() == null ? Map.of("orderId", o.orderId(), "status", o.finalStatus())
                    : Map.of("orderId", o.orderId(), "status", o.finalStatus(), "reason", o.reason()));
        } else if (method.equals("POST") && path.endsWith("/cancel")) {
            hit("cancel");
            Order o = orders.get(parts[3]);
            if (o == null || System.nanoTime() >= o.readyAtNanos() || "CUSTOMER_REQUEST".equals(o.reason())) {
                return Reply.json(409, Map.of("title", "not cancellable"));
            }
            orders.put(o.orderId(), new Order(o.orderId(), o.customerId(), o.region(), o.readyAtNanos(), "CANCELLED", "CUSTOMER_REQUEST"));
            cancelled.incrementAndGet();
            return Reply.json(202, Map.of("orderId", o.orderId()));
        } else if (method.equals("GET") && path.startsWith("/api/customers/") && path.endsWith("/orders")) {
            hit("customer-orders");
            return Reply.json(200, List.of());
        } else if (method.equals("PUT") && path.endsWith("/notification-preferences")) {
            hit("preferences");
            JsonNode p = body(request);
            if (!p.has("email") || !p.has("sms") || !p.has("push")) {
                return Reply.json(400, Map.of("title", "email, sms and push are required"));
            }
            return new Reply(204, null, null, null);
        }
        hit("unknown");
        return Reply.json(404, Map.of("title", "no route " + method + " " + path));
    }

    private static JsonNode body(FullHttpRequest request) throws IOException {
        return JSON.readTree(new ByteBufInputStream(request.content().duplicate()));
    }

    private Reply checkout(JsonNode order) {
        String customer = order.path("customerId").asText("");
        String region = order.path("tenantRegion").asText("");
        JsonNode items = order.path("items");
        // The shop never sees a card number: the token stands for the card tokenized before.
        String card = cardsByToken.getOrDefault(order.path("paymentMethod").path("token").asText(""), "");
        if (order.path("paymentMethod").has("cardNumber")) {
            return new Reply(400, Map.of("title", "card number where a token belongs"), "application/problem+json", null);
        }
        if (customer.isEmpty() || !List.of("eu-west", "us-east", "ap-south").contains(region) || !items.isArray() || items.isEmpty()) {
            return new Reply(400, Map.of("title", "invalid checkout"), "application/problem+json", null);
        }
        regions.computeIfAbsent(region, k -> new AtomicInteger()).incrementAndGet();
        String status = "COMPLETED";
        String reason = null;
        if (card.equals("4000000000000002")) {
            status = "CANCELLED";
            reason = "PAYMENT_DECLINED";
        } else {
            // Check and take the units in one step, so concurrent buyers can never take the same unit.
            synchronized (stock) {
                boolean enough = true;
                for (JsonNode line : items) {
                    enough &= stock.getOrDefault(line.get("sku").asText(), 0) >= line.get("quantity").asInt();
                }
                if (enough || oversell) {
                    for (JsonNode line : items) {
                        stock.merge(line.get("sku").asText(), -line.get("quantity").asInt(), Integer::sum);
                    }
                } else {
                    status = "CANCELLED";
                    reason = "OUT_OF_STOCK";
                }
            }
        }
        String id = UUID.randomUUID().toString();
        orders.put(id, new Order(id, customer, region, System.nanoTime() + sagaNanos, status, reason));
        return new Reply(202, Map.of("orderId", id), "application/json", "/api/orders/" + id);
    }

    long completed() { return orders.values().stream().filter(o -> o.finalStatus().equals("COMPLETED")).count(); }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
