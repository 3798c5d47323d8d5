package dev.imageingest.bench.endpoints;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Netty HTTP/1.1 servers on 127.0.0.1 sharing one event loop group: each endpoint gets its own
 * port, an optional TLS layer, the aggregating HTTP codec (which also answers {@code Expect:
 * 100-continue}) and a shared handler. Connections and TLS handshakes are counted per endpoint.
 */
final class NettyServers implements AutoCloseable {
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers;
    private final Counters counters;
    private final List<Channel> channels = new ArrayList<>();

    NettyServers(int threads, Counters counters) {
        this.workers = new NioEventLoopGroup(threads);
        this.counters = counters;
    }

    EventLoopGroup workers() {
        return workers;
    }

    /** Binds {@code handler} on a free port; returns the port. */
    int serve(String endpoint, SslContext tls, int maxContent, ChannelHandler handler) {
        ChannelHandler connections = new ConnectionCounter(endpoint, counters);
        ServerBootstrap b =
                new ServerBootstrap()
                        .group(boss, workers)
                        .channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_BACKLOG, 4096)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline().addLast(connections);
                                        if (tls != null) {
                                            SslHandler ssl = tls.newHandler(ch.alloc());
                                            ssl.handshakeFuture()
                                                    .addListener(
                                                            f ->
                                                                    counters.inc(
                                                                            endpoint
                                                                                    + (f.isSuccess()
                                                                                            ? ".tls-handshakes"
                                                                                            : ".tls-failures")));
                                            ch.pipeline().addLast(ssl);
                                        }
                                        ch.pipeline()
                                                .addLast(new HttpServerCodec())
                                                .addLast(new HttpObjectAggregator(maxContent))
                                                .addLast(handler);
                                    }
                                });
        Channel ch = b.bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        channels.add(ch);
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    @Override
    public void close() {
        channels.forEach(c -> c.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Counts connections opened (and currently open) per endpoint. */
    @ChannelHandler.Sharable
    private static final class ConnectionCounter extends ChannelInboundHandlerAdapter {
        private final String endpoint;
        private final Counters counters;

        ConnectionCounter(String endpoint, Counters counters) {
            this.endpoint = endpoint;
            this.counters = counters;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            counters.inc(endpoint + ".connections");
            counters.inc(endpoint + ".open-connections");
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            counters.add(endpoint + ".open-connections", -1);
            super.channelInactive(ctx);
        }
    }
}
