package dev.imageingest.bench.endpoints;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The partners' image host: {@code GET /i/<pool index>/<id>.<ext>} answers with pool image {@code
 * pool index} made unique by {@code id}, after the configured latency +- jitter. The delay is a
 * task scheduled on the connection's event loop; no thread ever sleeps. Requests are counted per
 * host name ({@code Host} header), connections and TLS handshakes per port (see {@link
 * NettyServers}).
 */
final class ImageHostHandler extends RequestHandler {
    private final ImagePool pool;
    private final int latencyMillis;
    private final int jitterMillis;

    ImageHostHandler(
            String endpoint,
            Counters counters,
            ImagePool pool,
            int latencyMillis,
            int jitterMillis) {
        super(endpoint, counters);
        this.pool = pool;
        this.latencyMillis = latencyMillis;
        this.jitterMillis = jitterMillis;
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        String host = request.headers().get(HttpHeaderNames.HOST, "");
        int colon = host.lastIndexOf(':');
        counters.inc(
                "host."
                        + (colon > 0 ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT)
                        + ".requests");
        FullHttpResponse r = image(request);
        int delay = latencyMillis;
        if (jitterMillis > 0) {
            delay += ThreadLocalRandom.current().nextInt(-jitterMillis, jitterMillis + 1);
        }
        if (delay <= 0) {
            HttpReplies.write(ctx, keepAlive, r);
        } else {
            ctx.executor()
                    .schedule(
                            () -> HttpReplies.write(ctx, keepAlive, r),
                            delay,
                            TimeUnit.MILLISECONDS);
        }
    }

    private FullHttpResponse image(FullHttpRequest request) {
        if (!request.method().equals(HttpMethod.GET)) {
            return HttpReplies.text(
                    HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only", "text/plain");
        }
        String path = request.uri();
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        // /i/<pool>/<id>.<ext>
        String[] parts = path.split("/");
        if (parts.length != 4 || !parts[1].equals("i")) {
            return notFound();
        }
        int index;
        try {
            index = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            return notFound();
        }
        if (index < 0 || index >= pool.size()) {
            return notFound();
        }
        int dot = parts[3].lastIndexOf('.');
        String id = dot < 0 ? parts[3] : parts[3].substring(0, dot);
        ByteBuf body = pool.compose(index, id);
        counters.add(endpoint + ".bytes-out", body.readableBytes());
        counters.inc(endpoint + ".images");
        return HttpReplies.response(
                HttpResponseStatus.OK, body, pool.isPng(index) ? "image/png" : "image/jpeg");
    }

    private FullHttpResponse notFound() {
        counters.inc(endpoint + ".not-found");
        return HttpReplies.text(
                HttpResponseStatus.NOT_FOUND, "<html><body>not found</body></html>", "text/html");
    }
}
