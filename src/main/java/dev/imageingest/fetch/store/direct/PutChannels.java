package dev.imageingest.fetch.store.direct;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * How {@link DirectS3Client} makes its connections: one daemon event loop per client, the socket
 * options, and each channel's pipeline (TLS verified against the S3 host name, an idle check, the
 * HTTP/1.1 codec, aggregation of S3's small answers, then the client's handler). Kept apart from
 * the client, which owns the pool, the attempts and their retries, so that file reads as the put's
 * life and this one as the transport set-up it relies on.
 */
final class PutChannels {
    /** A connection idle this long is closed. */
    static final Duration IDLE_CLOSE = Duration.ofSeconds(30);

    /** Largest answer aggregated: a PUT's answer is empty or a short error XML document. */
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private PutChannels() {}

    /** The client's single event loop thread, a daemon so it never keeps a JVM alive. */
    static EventLoopGroup newGroup() {
        return new NioEventLoopGroup(
                1,
                r -> {
                    Thread t = new Thread(r, "s3-put-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * The TLS context for {@code address}: null over http, else {@code given} or the JVM's trust.
     */
    static SslContext tls(S3Address address, SslContext given) {
        if (!address.https) {
            return null;
        }
        if (given != null) {
            return given;
        }
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for S3", e);
        }
    }

    /**
     * Connects to {@code address} on {@code loop}; each new channel gets the pipeline with a fresh
     * {@code handler}.
     *
     * @param ssl the TLS context, or null for http
     */
    static Bootstrap bootstrap(
            EventLoop loop, S3Address address, SslContext ssl, Supplier<ChannelHandler> handler) {
        return new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(
                        new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                setUp(ch, address, ssl, handler.get());
                            }
                        });
    }

    private static void setUp(
            Channel ch, S3Address address, SslContext ssl, ChannelHandler handler) {
        if (ssl != null) {
            SslHandler tls = ssl.newHandler(ch.alloc(), address.host, address.port);
            SSLEngine engine = tls.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
            ch.pipeline().addLast("ssl", tls);
        }
        ch.pipeline()
                .addLast(
                        "idle",
                        new IdleStateHandler(0, 0, IDLE_CLOSE.getSeconds(), TimeUnit.SECONDS))
                .addLast("codec", new HttpClientCodec())
                .addLast("aggregate", new HttpObjectAggregator(MAX_RESPONSE_BYTES))
                .addLast("put", handler);
    }
}
