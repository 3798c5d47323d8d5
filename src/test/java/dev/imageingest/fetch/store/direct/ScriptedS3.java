package dev.imageingest.fetch.store.direct;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * A scripted S3 PUT endpoint on loopback for the direct client's tests. Every request is checked as
 * S3 would: the SigV4 signature ({@link SigV4Check}, an implementation independent of the SDK's
 * signer) against the test secret, the date against the server's clock (which a test may set off),
 * and the body against {@code x-amz-checksum-sha256}; a request that passes goes to the script,
 * which may answer with an error, close the connection or say nothing.
 */
final class ScriptedS3 implements AutoCloseable {
    static final String ACCESS_KEY = "AKIDTEST";
    static final String SECRET_KEY = "secret/test+key";
    static final String REGION = "eu-west-1";

    /** What the script does with a request that passed the checks. */
    enum Action {
        STORE,
        CLOSE,
        SILENCE
    }

    /** A scripted answer: an action, or an S3 error to send. */
    record Reply(Action action, int status, String code) {
        static Reply store() {
            return new Reply(Action.STORE, 200, null);
        }

        static Reply error(int status, String code) {
            return new Reply(null, status, code);
        }

        static Reply close() {
            return new Reply(Action.CLOSE, 0, null);
        }

        static Reply silence() {
            return new Reply(Action.SILENCE, 0, null);
        }
    }

    /** A request as the server saw it. */
    record Seen(String path, Map<String, String> headers, int bodyLength, String rejected) {}

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final AtomicInteger connections = new AtomicInteger();
    volatile Function<Seen, Reply> script = s -> Reply.store();
    volatile java.time.Duration clockOffset = java.time.Duration.ZERO;

    ScriptedS3(SSLContext tls) throws InterruptedException {
        server =
                new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        connections.incrementAndGet();
                                        if (tls != null) {
                                            SSLEngine engine = tls.createSSLEngine();
                                            engine.setUseClientMode(false);
                                            ch.pipeline().addLast(new SslHandler(engine));
                                        }
                                        ch.pipeline()
                                                .addLast(new HttpServerCodec())
                                                .addLast(new HttpObjectAggregator(4 << 20))
                                                .addLast(new Handler());
                                    }
                                })
                        .bind("127.0.0.1", 0)
                        .sync()
                        .channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private Instant now() {
        return Instant.now().plus(clockOffset);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req)
                throws Exception {
            byte[] body = ByteBufUtil.getBytes(req.content());
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            String rejected = check(req, headers, body);
            Seen s = new Seen(req.uri(), headers, body.length, rejected);
            seen.add(s);
            if (rejected != null) {
                String code = rejected.substring(0, rejected.indexOf(' '));
                int status = code.equals("BadDigest") ? 400 : 403;
                ctx.writeAndFlush(error(status, code, rejected));
                return;
            }
            Reply r = script.apply(s);
            if (r.action() == Action.CLOSE) {
                ctx.close();
            } else if (r.action() == Action.SILENCE) {
                // say nothing: the client's deadline must end the attempt
            } else if (r.action() == Action.STORE) {
                objects.put(req.uri(), body);
                FullHttpResponse ok =
                        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                ok.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                ok.headers().set(HttpHeaderNames.ETAG, "\"x\"");
                ctx.writeAndFlush(ok);
            } else {
                ctx.writeAndFlush(error(r.status(), r.code(), "scripted"));
            }
        }

        private String check(FullHttpRequest req, Map<String, String> h, byte[] body)
                throws Exception {
            String date = h.get("x-amz-date");
            if (date == null) {
                return "AccessDenied no x-amz-date";
            }
            Instant signedAt =
                    java.time.LocalDateTime.parse(date, SigV4Check.AMZ_DATE)
                            .toInstant(ZoneOffset.UTC);
            if (Math.abs(java.time.Duration.between(signedAt, now()).toMinutes()) > 15) {
                return "RequestTimeTooSkewed the difference is too large";
            }
            String problem =
                    SigV4Check.verify(req.method().name(), req.uri(), h, SECRET_KEY, REGION, "s3");
            if (problem != null) {
                return "SignatureDoesNotMatch " + problem;
            }
            String sum = h.get("x-amz-checksum-sha256");
            String actual =
                    Base64.getEncoder()
                            .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
            if (sum == null || !sum.equals(actual)) {
                return "BadDigest the sha256 you specified did not match";
            }
            return null;
        }

        private FullHttpResponse error(int status, String code, String message) {
            String xml =
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                            + code
                            + "</Code><Message>"
                            + message.replace("&", "&amp;").replace("<", "&lt;")
                            + "</Message><RequestId>REQ1</RequestId></Error>";
            FullHttpResponse r =
                    new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1,
                            HttpResponseStatus.valueOf(status),
                            Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            r.headers().set("x-amz-request-id", "REQ1");
            r.headers()
                    .set(
                            HttpHeaderNames.DATE,
                            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                    now().atOffset(ZoneOffset.UTC)));
            return r;
        }
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
