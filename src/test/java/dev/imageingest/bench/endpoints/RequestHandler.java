package dev.imageingest.bench.endpoints;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Base of the endpoint handlers: one aggregated request in, one response out. Errors in a handler
 * become a 500 for that request (counted), never a broken event loop.
 */
@ChannelHandler.Sharable
abstract class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    protected final String endpoint;
    protected final Counters counters;

    RequestHandler(String endpoint, Counters counters) {
        this.endpoint = endpoint;
        this.counters = counters;
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        counters.inc(endpoint + ".requests");
        counters.add(endpoint + ".bytes-in", request.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!keepAlive) {
            counters.inc(endpoint + ".connection-close-requests");
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            counters.inc(endpoint + ".expect-100-continue");
        }
        try {
            handle(ctx, request, keepAlive);
        } catch (RuntimeException e) {
            counters.inc(endpoint + ".internal-errors");
            HttpReplies.write(
                    ctx,
                    keepAlive,
                    HttpReplies.text(
                            HttpResponseStatus.INTERNAL_SERVER_ERROR, e.toString(), "text/plain"));
        }
    }

    /** Handles one request; must write exactly one response (now or later). */
    protected abstract void handle(
            ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // clients that go away (the end of a run) reset connections: count, do not log
        counters.inc(endpoint + ".connection-errors");
        ctx.close();
    }
}
