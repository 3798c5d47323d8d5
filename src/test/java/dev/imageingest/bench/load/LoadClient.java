package dev.imageingest.bench.load;

import dev.imageingest.bench.subject.BenchJob;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.TrustManagerFactory;

/**
 * A minimal load client (its own JVM, Netty on 2 event loops, keep-alive connections each sending
 * its next request as soon as the previous answer arrives) that finds one endpoint's ceiling on
 * this machine: the rate the endpoint sustains with a client that costs as little as possible.
 * Reads the endpoints' CPU from their control port at the start and end of the measured window.
 *
 * <pre>LoadClient --mode image-http|image-https|s3|sqs|firehose --port P --control-port C
 *            [--connections N] [--seconds S] [--trust-store F]</pre>
 *
 * Prints one line: {@code RESULT mode=.. requests=.. items=.. bytes=.. seconds=..
 * endpointsCpuNs=..}.
 */
public final class LoadClient {
    private final LoadRequests requests;
    private final LongAdder responses = new LongAdder();
    private final LongAdder items = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final java.util.concurrent.atomic.AtomicLong seq =
            new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;

    private LoadClient(LoadRequests requests) {
        this.requests = requests;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchJob.args(args);
        BenchJob.watchParent(a.get("parent-pid"));
        String mode = a.get("mode");
        int port = Integer.parseInt(a.get("port"));
        int control = Integer.parseInt(a.get("control-port"));
        int connections = Integer.parseInt(a.getOrDefault("connections", "32"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "6"));
        SslContext tls = mode.equals("image-https") ? tls(Path.of(a.get("trust-store"))) : null;
        LoadRequests requests = new LoadRequests(mode, port, a);
        LoadClient client = new LoadClient(requests);
        EventLoopGroup group = new NioEventLoopGroup(2);
        try {
            Bootstrap b =
                    new Bootstrap()
                            .group(group)
                            .channel(NioSocketChannel.class)
                            .option(ChannelOption.TCP_NODELAY, true)
                            .handler(
                                    new ChannelInitializer<SocketChannel>() {
                                        @Override
                                        protected void initChannel(SocketChannel ch) {
                                            if (tls != null) {
                                                ch.pipeline()
                                                        .addLast(
                                                                tls.newHandler(
                                                                        ch.alloc(),
                                                                        requests.host(),
                                                                        port));
                                            }
                                            ch.pipeline()
                                                    .addLast(new HttpClientCodec())
                                                    .addLast(
                                                            new HttpObjectAggregator(
                                                                    16 * 1024 * 1024))
                                                    .addLast(client.new Handler());
                                        }
                                    });
            java.util.List<io.netty.channel.ChannelFuture> connects = new java.util.ArrayList<>();
            for (int i = 0; i < connections; i++) {
                connects.add(b.connect("127.0.0.1", port));
            }
            for (io.netty.channel.ChannelFuture f : connects) {
                f.sync();
            }
            // warm-up: handshakes, JIT; until every connection has had an answer (at most 30 s)
            long warmUntil = System.nanoTime() + 30_000_000_000L;
            do {
                Thread.sleep(2000);
            } while (client.responses.sum() < connections && System.nanoTime() < warmUntil);
            long[] before = {
                System.nanoTime(),
                client.responses.sum(),
                client.items.sum(),
                client.bytes.sum(),
                cpu(control)
            };
            Thread.sleep(seconds * 1000L);
            long[] after = {
                System.nanoTime(),
                client.responses.sum(),
                client.items.sum(),
                client.bytes.sum(),
                cpu(control)
            };
            client.running = false;
            System.out.println(
                    String.format(
                            Locale.ROOT,
                            "RESULT mode=%s connections=%d requests=%d items=%d bytes=%d seconds=%.3f endpointsCpuNs=%d errors=%d",
                            mode,
                            connections,
                            after[1] - before[1],
                            after[2] - before[2],
                            after[3] - before[3],
                            (after[0] - before[0]) / 1e9,
                            after[4] - before[4],
                            client.errors.sum()));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /** One connection: send, await the answer, count it, send the next. */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx, null);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (response.status().code() >= 300) {
                errors.increment();
                if (errors.sum() <= 3) {
                    System.out.println("load client got " + response.status());
                }
            } else {
                responses.increment();
                bytes.add(response.content().readableBytes());
                items.add(requests.items(response));
            }
            send(ctx, response);
        }

        private void send(ChannelHandlerContext ctx, FullHttpResponse previous) {
            if (running) {
                FullHttpRequest next = requests.next(previous, seq.incrementAndGet());
                ctx.writeAndFlush(next);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.increment();
            if (errors.sum() <= 3) {
                System.out.println("load client error: " + cause);
            }
            ctx.close();
        }
    }

    private static long cpu(int controlPort) throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + controlPort
                                                                + "/stats"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.body())
                .path("cpuNanos")
                .asLong();
    }

    private static SslContext tls(Path trustStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            ks.load(
                    in,
                    dev.imageingest.bench.endpoints.BenchLayout.TRUST_STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return SslContextBuilder.forClient().trustManager(tmf).build();
    }
}
