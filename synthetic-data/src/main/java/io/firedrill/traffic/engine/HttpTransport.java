package io.firedrill.traffic.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Non-blocking HTTP/1.1 client on ONE event-loop thread: keep-alive connections per endpoint (at most
 * {@code maxConnections} each), one exchange per connection at a time, a global bound on exchanges in flight, and
 * per-request deadlines checked by a sweeper. An exchange that finds every connection busy waits for the next
 * free one (FIFO); it counts as in flight, and since the runner measures latency from the intended instant the
 * wait is charged, not hidden. Capping connections avoids the connect storm that would otherwise follow any
 * stall: thousands of new connections at once, each costing more than a request.
 * Every method except {@link #close()} must be called on {@link #loop()}: the runner's scheduler, its
 * histograms and this transport share that thread, so nothing here needs a lock.
 */
public final class HttpTransport implements AutoCloseable {

    /** Completion of one exchange; called on the loop. {@code sentNanos} is when the request was handed to the socket. */
    public interface Callback {
        void onResponse(FullHttpResponse response, long sentNanos);

        void onFailure(Throwable cause, long sentNanos);
    }

    /** The deadline passed before the response was complete. */
    public static final class RequestTimeout extends IOException {
        RequestTimeout(String message) { super(message, null); }
    }

    private static final Duration SWEEP = Duration.ofMillis(5);
    private static final String USER_AGENT = "firedrill-traffic/0.1";

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Map<Endpoint, Pool> pools = new HashMap<>();
    private final LinkedHashSet<Conn> busy = new LinkedHashSet<>();
    private final int maxInFlight;
    private final int maxConnections;
    private final long timeoutNanos;
    private final Map<String, String> extraHeaders;
    private int inFlight;
    private long connectionsOpened;

    public HttpTransport(int maxInFlight, Duration requestTimeout, Map<String, String> extraHeaders) {
        this(maxInFlight, maxInFlight, requestTimeout, extraHeaders);
    }

    public HttpTransport(int maxInFlight, int maxConnections, Duration requestTimeout, Map<String, String> extraHeaders) {
        this.maxInFlight = maxInFlight;
        this.maxConnections = Math.max(1, maxConnections);
        this.timeoutNanos = requestTimeout.toNanos();
        this.extraHeaders = Map.copyOf(extraHeaders);
        boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("firedrill.traffic.nio");
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("firedrill-traffic", true), io);
        loop = group.next();
        bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE, requestTimeout.toMillis())))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8 << 20));
                    }
                });
        loop.scheduleAtFixedRate(this::sweep, SWEEP.toNanos(), SWEEP.toNanos(), TimeUnit.NANOSECONDS);
    }

    public EventLoop loop() { return loop; }

    public int inFlight() { return inFlight; }

    public int maxInFlight() { return maxInFlight; }

    public long connectionsOpened() { return connectionsOpened; }

    /**
     * Sends a request. With {@code bounded}, refuses (returns false, sends nothing) when {@code maxInFlight}
     * exchanges are already out: that is how the open model sheds load instead of queueing it. Follow-up requests
     * (completion polls) pass {@code bounded=false} and are never refused.
     */
    public boolean send(Endpoint endpoint, HttpMethod method, String path, byte[] body, boolean bounded, Callback callback) {
        if (bounded && inFlight >= maxInFlight) {
            return false;
        }
        inFlight++;
        Exchange exchange = new Exchange(endpoint, method, endpoint.basePath() + path, body, callback);
        pool(endpoint).start(exchange);
        return true;
    }

    private Pool pool(Endpoint endpoint) {
        Pool pool = pools.get(endpoint);
        if (pool == null) {
            pool = new Pool(endpoint);
            pools.put(endpoint, pool);
        }
        return pool;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Pool pool : pools.values()) {
            Exchange head;
            while ((head = pool.waiting.peekFirst()) != null && now - head.deadline > 0) {
                pool.waiting.pollFirst();
                head.fail(new RequestTimeout("no free connection within " + timeoutNanos / 1_000_000 + " ms"));
            }
        }
        if (busy.isEmpty()) {
            return;
        }
        List<Conn> expired = null;
        for (Conn conn : busy) {
            if (conn.current != null && now - conn.current.deadline > 0) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(conn);
            }
        }
        if (expired != null) {
            for (Conn conn : expired) {
                conn.fail(new RequestTimeout("no complete response within " + timeoutNanos / 1_000_000 + " ms"), false);
            }
        }
    }

    /**
     * Loads the codec and pipeline classes and opens one keep-alive connection per endpoint before the first
     * arrival, so the JVM's first-use costs (a second or more) do not land on the first scheduled requests.
     * Blocking; call from outside the loop.
     */
    public void warmUp(List<Endpoint> endpoints, Duration timeout) {
        io.netty.channel.embedded.EmbeddedChannel codec = new io.netty.channel.embedded.EmbeddedChannel(
                new HttpClientCodec(), new HttpObjectAggregator(1 << 16));
        codec.writeOutbound(new Exchange(endpoints.isEmpty() ? new Endpoint("x", "127.0.0.1", 80, "") : endpoints.get(0),
                HttpMethod.POST, "/", new byte[] {'{', '}'}, null).request());
        codec.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", java.nio.charset.StandardCharsets.US_ASCII));
        codec.finishAndReleaseAll();
        List<io.netty.channel.ChannelFuture> futures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            io.netty.channel.ChannelFuture f = bootstrap.connect(endpoint.host(), endpoint.port());
            futures.add(f);
            f.addListener((ChannelFutureListener) done -> {
                if (done.isSuccess()) {
                    Pool pool = pool(endpoint);
                    Conn conn = new Conn(pool, done.channel());
                    done.channel().pipeline().addLast(conn);
                    pool.open++;
                    done.channel().closeFuture().addListener(c -> pool.closed());
                    pool.idle.addFirst(conn);
                    connectionsOpened++;
                }
            });
        }
        for (io.netty.channel.ChannelFuture f : futures) {
            f.awaitUninterruptibly(timeout.toMillis());
        }
    }

    /** Fails every exchange still out (end of a run's drain); their callbacks see a {@link RequestTimeout}. */
    public void abortAll(String why) {
        for (Conn conn : new ArrayList<>(busy)) {
            conn.fail(new RequestTimeout(why), false);
        }
        for (Pool pool : pools.values()) {
            pool.abortConnecting(why);
            Exchange waiting;
            while ((waiting = pool.waiting.pollFirst()) != null) {
                waiting.fail(new RequestTimeout(why));
            }
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Exchange {
        final Endpoint endpoint;
        final HttpMethod method;
        final String path;
        final byte[] body;
        final Callback callback;
        long sentNanos;
        long deadline;
        boolean retried;
        boolean done;

        Exchange(Endpoint endpoint, HttpMethod method, String path, byte[] body, Callback callback) {
            this.endpoint = endpoint;
            this.method = method;
            this.path = path;
            this.body = body;
            this.callback = callback;
            this.sentNanos = System.nanoTime();
            this.deadline = sentNanos + timeoutNanos;
        }

        boolean idempotent() { return method != HttpMethod.POST; }

        FullHttpRequest request() {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                    body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.HOST, endpoint.hostHeader())
                    .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                    .set(HttpHeaderNames.ACCEPT, "application/json, application/problem+json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
            if (body != null) {
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            }
            for (Map.Entry<String, String> header : extraHeaders.entrySet()) {
                request.headers().set(header.getKey(), header.getValue());
            }
            return request;
        }

        void complete(FullHttpResponse response) {
            if (done) {
                return;
            }
            done = true;
            inFlight--;
            callback.onResponse(response, sentNanos);
        }

        void fail(Throwable cause) {
            if (done) {
                return;
            }
            done = true;
            inFlight--;
            callback.onFailure(cause, sentNanos);
        }
    }

    private final class Pool {
        final Endpoint endpoint;
        final ArrayDeque<Conn> idle = new ArrayDeque<>();
        final LinkedHashSet<Exchange> connecting = new LinkedHashSet<>();
        final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
        int open;

        Pool(Endpoint endpoint) { this.endpoint = endpoint; }

        void start(Exchange exchange) {
            Conn conn;
            while ((conn = idle.pollFirst()) != null) {
                if (conn.channel.isActive()) {
                    conn.write(exchange);
                    return;
                }
            }
            if (open < maxConnections) {
                connect(exchange);
            } else {
                waiting.addLast(exchange);
            }
        }

        /** A connection is free: it takes the oldest waiting exchange, or goes back to the idle stack. */
        void release(Conn conn) {
            Exchange next;
            while ((next = waiting.pollFirst()) != null) {
                if (!next.done) {
                    conn.write(next);
                    return;
                }
            }
            idle.addFirst(conn);
        }

        /** A connection closed (or never opened): its slot may start the oldest waiting exchange. */
        void closed() {
            open--;
            Exchange next;
            while (open < maxConnections && (next = waiting.pollFirst()) != null) {
                if (!next.done) {
                    connect(next);
                }
            }
        }

        void connect(Exchange exchange) {
            connectionsOpened++;
            open++;
            connecting.add(exchange);
            bootstrap.connect(endpoint.host(), endpoint.port()).addListener((ChannelFutureListener) future -> {
                connecting.remove(exchange);
                if (!future.isSuccess()) {
                    closed();
                    Throwable cause = future.cause();
                    exchange.fail(cause instanceof ConnectException ? cause
                            : new ConnectException(endpoint + ": " + cause.getMessage()));
                    return;
                }
                Conn conn = new Conn(this, future.channel());
                future.channel().pipeline().addLast(conn);
                future.channel().closeFuture().addListener(f -> closed());
                if (exchange.done) {
                    release(conn);
                } else {
                    conn.write(exchange);
                }
            });
        }

        void abortConnecting(String why) {
            for (Exchange exchange : new ArrayList<>(connecting)) {
                exchange.fail(new RequestTimeout(why));
            }
            connecting.clear();
        }
    }

    private final class Conn extends SimpleChannelInboundHandler<FullHttpResponse> {
        final Pool pool;
        final Channel channel;
        Exchange current;
        int uses;
        boolean gotResponseBytes;

        Conn(Pool pool, Channel channel) {
            this.pool = pool;
            this.channel = channel;
        }

        void write(Exchange exchange) {
            current = exchange;
            exchange.sentNanos = System.nanoTime();
            busy.add(this);
            channel.writeAndFlush(exchange.request()).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess() && current == exchange) {
                    fail(f.cause(), true);
                }
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Exchange exchange = current;
            if (exchange == null) {
                return;
            }
            current = null;
            uses++;
            busy.remove(this);
            // Free the connection first, so that a request the callback sends (the next poll) can take it.
            if (HttpUtil.isKeepAlive(response) && channel.isActive()) {
                pool.release(this);
            } else {
                channel.close();
            }
            exchange.complete(response);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            pool.idle.remove(this);
            if (current != null) {
                fail(new IOException(pool.endpoint + " closed the connection before answering"), true);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (current != null) {
                fail(cause, true);
            }
            ctx.close();
        }

        /** A reused keep-alive connection may have been closed by the server just as we wrote: retry idempotent requests once. */
        void fail(Throwable cause, boolean mayRetry) {
            Exchange exchange = current;
            current = null;
            busy.remove(this);
            pool.idle.remove(this);
            channel.close();
            if (exchange == null || exchange.done) {
                return;
            }
            if (mayRetry && uses > 0 && exchange.idempotent() && !exchange.retried) {
                exchange.retried = true;
                pool.connect(exchange);
                return;
            }
            exchange.fail(cause);
        }
    }
}
