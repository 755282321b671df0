package io.firedrill.traffic.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's trivial endpoint: answers every request with {@code 200 ok}, keep-alive, on one event-loop
 * thread. wrk and the generator are measured against this same server in the same run. Stops by itself after
 * {@code max-seconds} so a crashed benchmark never leaves it behind.
 *
 * <p>Usage: {@code BenchServer PORT [MAX_SECONDS]}; prints {@code listening PORT} once ready.
 */
public final class BenchServer {

    private static final ByteBuf OK = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer("ok\n", StandardCharsets.US_ASCII));

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long maxSeconds = args.length > 1 ? Long.parseLong(args[1]) : 600;
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new SimpleChannelInboundHandler<HttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, HttpRequest request) {
                                        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                HttpResponseStatus.OK, OK.duplicate());
                                        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                                                .setInt(HttpHeaderNames.CONTENT_LENGTH, 3);
                                        boolean keepAlive = HttpUtil.isKeepAlive(request);
                                        if (!keepAlive) {
                                            ctx.writeAndFlush(response).addListener(f -> ctx.close());
                                        } else {
                                            ctx.writeAndFlush(response);
                                        }
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        System.out.println("listening " + ((java.net.InetSocketAddress) server.localAddress()).getPort());
        System.out.flush();
        server.eventLoop().schedule(() -> server.close(), maxSeconds, java.util.concurrent.TimeUnit.SECONDS);
        server.closeFuture().sync();
        group.shutdownGracefully().sync();
    }

    private BenchServer() {}
}
