package dev.imageingest.bench.endpoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Small helpers for writing HTTP/1.1 responses from the endpoint handlers. */
final class HttpReplies {
    static final ObjectMapper JSON = new ObjectMapper();

    private HttpReplies() {}

    static FullHttpResponse response(HttpResponseStatus status, ByteBuf content, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        if (type != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        return r;
    }

    static FullHttpResponse json(HttpResponseStatus status, Object body, String type) {
        try {
            return response(status, Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body)), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
        return response(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), type);
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Writes the response with a Content-Length (unless one is set, as for HEAD) and keeps the
     * connection open when the request allowed it.
     */
    static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse r) {
        if (!r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        }
        if (keepAlive) {
            ctx.writeAndFlush(r, ctx.voidPromise());
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
