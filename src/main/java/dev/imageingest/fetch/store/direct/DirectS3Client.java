package dev.imageingest.fetch.store.direct;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * S3 PutObject over a small keep-alive HTTP/1.1 client of our own (Netty, one event loop), signed
 * by the SDK's SigV4 signer ({@link PutSigner}). It does what the job needs and nothing else: one
 * request per object, the body sent straight from the array the download produced (no copy into an
 * SDK request body, no second hash: {@code UNSIGNED-PAYLOAD} plus the SHA-256 the job computed as
 * {@code x-amz-checksum-sha256}, which S3 verifies), no {@code Expect: 100-continue}, no SDK
 * pipeline (interceptors, endpoint rules, attribute maps), which cost ~3x the CPU per object.
 *
 * <p>Errors are S3's: the XML {@code Code}/{@code Message} become an {@link S3PutFailure}; 5xx,
 * 429, throttling, timeouts, expired tokens and connection failures are retried ({@value
 * #MAX_ATTEMPTS} attempts, full-jitter backoff, as the SDK's standard mode), others are not, and
 * the whole put stays within its deadline. At most {@code maxConnections} connections; further puts
 * wait for one in order. A connection idle for {@link PutChannels#IDLE_CLOSE} is closed. All state
 * of the pool lives on the event loop, so nothing is locked. How connections are set up is {@link
 * PutChannels}'s; the signed request is built by {@link Put#request}.
 */
public final class DirectS3Client implements AutoCloseable {
    /** One attempt may use at most this much of the put's deadline, so a hung socket is retried. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);

    private final S3Address address;
    private final PutSigner signer;
    private final int maxConnections;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;

    // event-loop state
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<Put> waiting = new ArrayDeque<>();
    private int open;

    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong attemptsRetried = new AtomicLong();

    public DirectS3Client(
            String bucket,
            String region,
            String endpoint,
            boolean pathStyle,
            int maxConnections,
            AwsCredentialsProvider credentials) {
        this(
                S3Address.of(bucket, region, endpoint, pathStyle),
                region,
                maxConnections,
                credentials,
                null);
    }

    /** With a given TLS context (tests trust their own CA); null: the JVM's default trust. */
    DirectS3Client(
            S3Address address,
            String region,
            int maxConnections,
            AwsCredentialsProvider credentials,
            SslContext ssl) {
        this.address = address;
        this.signer = new PutSigner(credentials, region);
        this.maxConnections = Math.max(1, maxConnections);
        SslContext tls = PutChannels.tls(address, ssl); // may fail: before any thread exists
        this.group = PutChannels.newGroup();
        this.loop = group.next();
        this.bootstrap = PutChannels.bootstrap(loop, address, tls, Handler::new);
    }

    /**
     * Puts {@code body} at {@code key}; completes when S3 stored it, or fails with the last error
     * once attempts or {@code timeout} run out.
     */
    public CompletableFuture<Void> put(
            String key, byte[] body, String contentType, byte[] sha256, Duration timeout) {
        Put p =
                new Put(
                        address.path(key),
                        body,
                        contentType,
                        Base64.getEncoder().encodeToString(sha256),
                        System.nanoTime() + timeout.toNanos());
        try {
            loop.execute(() -> acquire(p));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            p.result.completeExceptionally(new IOException("S3 client closed", e));
        }
        return p.result;
    }

    /** Connections opened so far (with https, each one full handshake). */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Attempts that were retries. */
    public long retries() {
        return attemptsRetried.get();
    }

    // ------------------------------------------------------------------ pool (event loop only)

    private void acquire(Put p) {
        if (p.result.isDone()) {
            return;
        }
        for (Channel ch = idle.pollFirst(); ch != null; ch = idle.pollFirst()) {
            if (ch.isActive()) {
                send(p, ch);
                return;
            }
        }
        if (open < maxConnections) {
            connect(p);
        } else {
            waiting.addLast(p);
        }
    }

    private void connect(Put p) {
        open++;
        connectionsOpened.incrementAndGet();
        bootstrap
                .connect(address.host, address.port)
                .addListener(
                        f -> {
                            Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                            ch.closeFuture().addListener(c -> closed(ch));
                            if (!f.isSuccess()) {
                                ch.close(); // already closed by Netty; makes sure of closed()
                                failed(p, f.cause());
                                return;
                            }
                            SslHandler tls = ch.pipeline().get(SslHandler.class);
                            if (tls == null) {
                                send(p, ch);
                                return;
                            }
                            tls.handshakeFuture()
                                    .addListener(
                                            hs -> {
                                                if (hs.isSuccess()) {
                                                    send(p, ch);
                                                } else {
                                                    ch.close();
                                                    failed(p, hs.cause());
                                                }
                                            });
                        });
    }

    private void closed(Channel ch) {
        open--;
        idle.remove(ch);
        Handler h = ch.pipeline().get(Handler.class);
        if (h != null && h.current != null) {
            Put p = h.current;
            h.current = null;
            failed(p, new IOException("S3 connection closed before the response"));
        }
        Put next = waiting.pollFirst();
        if (next != null) {
            acquire(next);
        }
    }

    private void release(Channel ch, boolean reusable) {
        if (!reusable || !ch.isActive()) {
            ch.close(); // closed() hands the slot to a waiting put
            return;
        }
        Put next = waiting.pollFirst();
        while (next != null && next.result.isDone()) {
            next = waiting.pollFirst();
        }
        if (next != null) {
            send(next, ch);
        } else {
            idle.addFirst(ch); // LIFO: the warmest connection first
        }
    }

    // ------------------------------------------------------------------ one attempt

    private void send(Put p, Channel ch) {
        long left = p.deadline - System.nanoTime();
        if (p.result.isDone() || left <= 0) {
            if (!p.result.isDone()) {
                p.result.completeExceptionally(p.timeout());
            }
            release(ch, true);
            return;
        }
        DefaultFullHttpRequest request;
        try {
            request = p.request(address, signer);
        } catch (RuntimeException e) {
            // credentials that cannot be resolved, say: not worth a retry
            release(ch, true);
            p.result.completeExceptionally(e);
            return;
        }
        Handler handler = ch.pipeline().get(Handler.class);
        handler.current = p;
        p.attempts++;
        long attemptNanos = Math.min(left, ATTEMPT_TIMEOUT.toNanos());
        p.timer =
                loop.schedule(
                        () -> {
                            if (handler.current == p) {
                                handler.current = null;
                                ch.close();
                                failed(p, new TimeoutException("S3 PUT: no response in time"));
                            }
                        },
                        attemptNanos,
                        TimeUnit.NANOSECONDS);
        ch.writeAndFlush(request)
                .addListener(
                        w -> {
                            if (!w.isSuccess() && handler.current == p) {
                                handler.current = null;
                                ch.close();
                                failed(p, w.cause());
                            }
                        });
    }

    private void answered(Put p, FullHttpResponse response, Channel ch) {
        int status = response.status().code();
        boolean reusable = HttpUtil.isKeepAlive(response);
        if (status / 100 == 2) {
            release(ch, reusable);
            p.result.complete(null);
            return;
        }
        S3PutFailure failure =
                S3PutFailure.fromResponse(
                        status,
                        response.content().toString(StandardCharsets.UTF_8),
                        response.headers().get("x-amz-request-id"));
        if (failure.clockSkew()) {
            signer.correctClock(response.headers().get(HttpHeaderNames.DATE));
        }
        release(ch, reusable);
        failed(p, failure);
    }

    /** Retries a failed attempt after a full-jitter backoff, or fails the put. */
    private void failed(Put p, Throwable error) {
        if (p.timer != null) {
            p.timer.cancel(false);
            p.timer = null;
        }
        if (p.result.isDone()) {
            return;
        }
        long delayMs = PutRetries.delayMillis(error, p.attempts, p.deadline - System.nanoTime());
        if (delayMs < 0) {
            p.result.completeExceptionally(PutRetries.withAttempts(error, p.attempts));
            return;
        }
        attemptsRetried.incrementAndGet();
        loop.schedule(() -> acquire(p), delayMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    /** Routes the response of the connection's current put; closes the connection when idle. */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
        Put current;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Put p = current;
            current = null;
            if (p == null) {
                ctx.close(); // an answer nobody asked for: the connection is out of step
                return;
            }
            if (p.timer != null) {
                p.timer.cancel(false);
                p.timer = null;
            }
            answered(p, response, ctx.channel());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent && current == null) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Put p = current;
            current = null;
            ctx.close();
            if (p != null) {
                failed(p, cause);
            }
        }
    }
}
