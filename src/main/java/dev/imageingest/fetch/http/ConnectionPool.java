package dev.imageingest.fetch.http;

import dev.imageingest.fetch.tls.ClientTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keep-alive HTTP/1.1 connections of one downloader, per origin (scheme, URL host, port). A new
 * connection goes only to addresses the SSRF guard has just checked ({@link InetSocketAddress}es
 * built from {@link InetAddress}es: no lookup happens here), tried in order; an https connection is
 * handed out only after its handshake verified the URL's host name (see {@link ClientTls}). A
 * connection is reused only by the same origin, so a certificate verified for one host name never
 * serves another. Idle connections are closed after {@link #IDLE_CLOSE}.
 */
final class ConnectionPool implements AutoCloseable {
    /** Idle time after which a pooled connection is closed (servers often close at 60-75 s). */
    static final Duration IDLE_CLOSE = Duration.ofSeconds(50);

    private static final io.netty.channel.ChannelHandler NO_HANDLER =
            new io.netty.channel.ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {}
            };

    private static final AttributeKey<Boolean> IN_USE = AttributeKey.valueOf("image-fetch-in-use");

    private final Bootstrap bootstrap;
    private final ClientTls tls;
    private final Consumer<InetSocketAddress> connectObserver;
    private final Map<Origin, Deque<Channel>> idle = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();

    ConnectionPool(
            EventLoopGroup group,
            Duration connectTimeout,
            ClientTls tls,
            Consumer<InetSocketAddress> connectObserver) {
        this.tls = tls;
        this.connectObserver = connectObserver;
        this.bootstrap =
                new Bootstrap()
                        .group(group)
                        .channel(NioSocketChannel.class)
                        .option(
                                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                        .option(ChannelOption.AUTO_READ, false) // we read only when we can hold it
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.SO_KEEPALIVE, true)
                        .handler(NO_HANDLER); // the pipeline is set up once connected
    }

    /** An idle, open connection to {@code origin}, or null. */
    Channel pollIdle(Origin origin) {
        Deque<Channel> d = idle.get(origin);
        if (d == null) {
            return null;
        }
        for (Channel ch = d.pollFirst(); ch != null; ch = d.pollFirst()) {
            if (ch.isActive()) {
                ch.attr(IN_USE).set(Boolean.TRUE);
                reused.incrementAndGet();
                return ch;
            }
        }
        return null;
    }

    /**
     * Opens a connection to the first of the checked {@code addresses} that accepts, then (https)
     * completes the handshake for the origin's host name. Fails with the last connect error or the
     * TLS failure.
     */
    CompletableFuture<Channel> connect(
            Origin origin, List<InetAddress> addresses, long handshakeTimeoutMillis) {
        CompletableFuture<Channel> out = new CompletableFuture<>();
        connect(origin, addresses, 0, handshakeTimeoutMillis, out, null);
        return out;
    }

    private void connect(
            Origin origin,
            List<InetAddress> addresses,
            int index,
            long handshakeTimeoutMillis,
            CompletableFuture<Channel> out,
            Throwable last) {
        if (index >= addresses.size()) {
            out.completeExceptionally(last);
            return;
        }
        InetSocketAddress target = new InetSocketAddress(addresses.get(index), origin.port);
        connectObserver.accept(target);
        ChannelFuture f = bootstrap.connect(target);
        f.addListener(
                done -> {
                    if (!done.isSuccess()) {
                        connect(
                                origin,
                                addresses,
                                index + 1,
                                handshakeTimeoutMillis,
                                out,
                                done.cause());
                        return;
                    }
                    Channel ch = f.channel();
                    opened.incrementAndGet();
                    setUp(ch, origin, handshakeTimeoutMillis, out);
                });
    }

    private void setUp(
            Channel ch,
            Origin origin,
            long handshakeTimeoutMillis,
            CompletableFuture<Channel> out) {
        ch.attr(IN_USE).set(Boolean.TRUE);
        long idleSeconds = IDLE_CLOSE.getSeconds();
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS))
                .addLast("codec", new HttpClientCodec(8192, 64 * 1024, 64 * 1024))
                .addLast("pool", new PoolHandler(origin));
        if (!origin.https) {
            out.complete(ch);
            return;
        }
        SslHandler ssl =
                tls.newHandler(ch.alloc(), origin.host, origin.port, handshakeTimeoutMillis);
        ch.pipeline().addFirst("ssl", ssl);
        ch.read(); // auto-read is off: let the handshake's records in
        ssl.handshakeFuture()
                .addListener(
                        hs -> {
                            if (hs.isSuccess()) {
                                out.complete(ch);
                            } else {
                                ch.close();
                                out.completeExceptionally(hs.cause());
                            }
                        });
    }

    /** Hands a connection back: kept for reuse when {@code reusable}, else closed. */
    void release(Channel ch, Origin origin, boolean reusable) {
        ch.attr(IN_USE).set(Boolean.FALSE);
        if (reusable && ch.isActive()) {
            // LIFO: the most recently used connection is the least likely to have been closed
            idle.computeIfAbsent(origin, o -> new ConcurrentLinkedDeque<>()).offerFirst(ch);
        } else {
            ch.close();
        }
    }

    /** Connections opened so far (each https one with a full handshake). */
    long opened() {
        return opened.get();
    }

    /** Requests that went over a kept-alive connection. */
    long reused() {
        return reused.get();
    }

    /** Idle connections kept for {@code origin} (tests). */
    int idleCount(Origin origin) {
        Deque<Channel> d = idle.get(origin);
        return d == null ? 0 : d.size();
    }

    @Override
    public void close() {
        for (Deque<Channel> d : idle.values()) {
            for (Channel ch = d.pollFirst(); ch != null; ch = d.pollFirst()) {
                ch.close();
            }
        }
    }

    /** Drops closed connections from the idle list; closes connections idle for too long. */
    private final class PoolHandler extends ChannelDuplexHandler {
        private final Origin origin;

        PoolHandler(Origin origin) {
            this.origin = origin;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent
                    && !Boolean.TRUE.equals(ctx.channel().attr(IN_USE).get())) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Deque<Channel> d = idle.get(origin);
            if (d != null) {
                d.remove(ctx.channel());
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.pipeline().get(Exchange.class) == null) {
                // idle, or still handshaking (the handshake future reports that): close quietly
                ctx.close();
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }
    }

    /** Where a connection goes and what its certificate must name. */
    static final class Origin {
        final boolean https;
        final String host;
        final int port;

        Origin(String scheme, String host, int port) {
            this.https = "https".equals(scheme);
            this.host = host;
            this.port = port;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Origin)) {
                return false;
            }
            Origin other = (Origin) o;
            return https == other.https && port == other.port && host.equals(other.host);
        }

        @Override
        public int hashCode() {
            return Objects.hash(https, host, port);
        }

        @Override
        public String toString() {
            return (https ? "https://" : "http://") + host + ":" + port;
        }
    }
}
