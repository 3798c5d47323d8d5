package dev.imageingest.bench.endpoints;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * The driver's door into the endpoints JVM (plain HTTP on its own port): {@code GET /stats}
 * (counters, queue depth, records, the JVM's own CPU), {@code GET /check} (see {@link RunCheck}),
 * {@code GET /latency?from=&to=} (percentiles over arrival ordinals), {@code POST /load?queue=&n=}
 * (fill a queue with small messages for the ceiling run), {@code POST /shutdown}.
 */
final class ControlHandler extends RequestHandler {
    private final BenchEndpoints endpoints;

    ControlHandler(BenchEndpoints endpoints, Counters counters) {
        super("control", counters);
        this.endpoints = endpoints;
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        QueryStringDecoder q = new QueryStringDecoder(request.uri());
        Object body;
        switch (q.path()) {
            case "/stats" -> body = endpoints.stats();
            case "/check" -> body = endpoints.check();
            case "/latency" ->
                    body =
                            endpoints.latency(
                                    intParam(q, "from", 0), intParam(q, "to", Integer.MAX_VALUE));
            case "/load" ->
                    body =
                            endpoints.load(
                                    param(q, "queue", BenchLayout.QUEUE), intParam(q, "n", 0));
            case "/shutdown" -> {
                HttpReplies.write(
                        ctx,
                        false,
                        HttpReplies.json(
                                HttpResponseStatus.OK, Map.of("bye", true), "application/json"));
                new Thread(endpoints::close, "bench-endpoints-shutdown").start();
                return;
            }
            default -> {
                HttpReplies.write(
                        ctx,
                        keepAlive,
                        HttpReplies.text(
                                HttpResponseStatus.NOT_FOUND, "no " + q.path(), "text/plain"));
                return;
            }
        }
        HttpReplies.write(
                ctx, keepAlive, HttpReplies.json(HttpResponseStatus.OK, body, "application/json"));
    }

    private static String param(QueryStringDecoder q, String name, String dflt) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? dflt : v.get(0);
    }

    private static int intParam(QueryStringDecoder q, String name, int dflt) {
        return Integer.parseInt(param(q, name, Integer.toString(dflt)));
    }
}
