package dev.imageingest.fetch.http;

import dev.imageingest.model.FetchStatus;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;

/**
 * One request and its response on a pooled connection, as the last handler of its pipeline. Runs on
 * the connection's event loop; reports exactly one {@link HopResult}.
 *
 * <p>For a 2xx response it rejects a {@code Content-Length} above the limit up front and aborts as
 * soon as the decoded body passes {@code fetch.max-bytes}. What the response's head refuses and
 * what a complete response means (redirect, failure, image) are decided by {@link ResponseHeads}.
 * The body is covered by a {@link ByteBudget} reservation before it is buffered: its exact {@code
 * Content-Length} when declared and not content-encoded, else {@value BudgetedBody#INITIAL_UNKNOWN}
 * bytes (at most {@code fetch.max-bytes}) that grow by doubling as the body arrives. Reading is
 * demand-driven (auto-read is off): whenever the budget makes it wait, the piece in hand is parked,
 * nothing more is read from the socket (TCP back-pressure on the server), no thread is blocked, and
 * the {@link IdleWatch} is paused, so a download waiting for budget is bounded by the image's total
 * deadline, never failed as idle. Bodies of other responses are discarded, at most {@value
 * #DISCARD_LIMIT} bytes, then the connection is dropped. A connection is handed back for reuse only
 * after a complete response that allows keep-alive.
 */
final class Exchange extends ChannelInboundHandlerAdapter {
    /** Bytes of an error or redirect body read (and dropped) before the connection is closed. */
    static final int DISCARD_LIMIT = 64 * 1024;

    private final long maxBytes;
    private final ByteBudget budget;
    private final IdleWatch watch;
    private final ScheduledExecutorService scheduler;
    private final long deadlineNanos;
    private final boolean reusedConnection;
    private final Released released;
    private final Consumer<HopResult> onDone;
    private final ArrayDeque<ByteBuf> inputs = new ArrayDeque<>(4);

    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> totalTimer;
    private boolean done;
    private boolean parked;
    private boolean responseStarted;
    private boolean informational;
    private boolean lastSeen;
    private boolean keepAlive;
    private int status;
    private HttpHeaders headers;
    private BodyDecoder decoder;
    private long discarded;
    private BudgetedBody body;

    /** Gives the connection back to its pool (reusable or not). */
    interface Released {
        void release(Channel channel, boolean reusable);
    }

    Exchange(
            long maxBytes,
            ByteBudget budget,
            long idleMillis,
            ScheduledExecutorService scheduler,
            long deadlineNanos,
            boolean reusedConnection,
            Released released,
            Consumer<HopResult> onDone) {
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.scheduler = scheduler;
        this.deadlineNanos = deadlineNanos;
        this.reusedConnection = reusedConnection;
        this.released = released;
        this.onDone = onDone;
        this.watch = new IdleWatch(idleMillis, scheduler, this::abort);
    }

    /** Sends {@code request} on {@code channel}; call on the channel's event loop. */
    void start(Channel channel, HttpRequest request) {
        if (!channel.isActive()) {
            done = true;
            released.release(channel, false);
            onDone.accept(closedBeforeResponse(new ClosedChannelException()));
            return;
        }
        channel.pipeline().addLast("exchange", this); // sets ctx
        watch.start();
        long remaining = deadlineNanos - System.nanoTime();
        try {
            totalTimer =
                    scheduler.schedule(
                            () -> abort(new TimeoutException("total deadline passed")),
                            Math.max(0, remaining),
                            TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            fail(e);
            return;
        }
        ctx.writeAndFlush(request)
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                fail(f.cause());
                            }
                        });
        ctx.read();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Ends the exchange from any thread (idle or total deadline). */
    void abort(Throwable cause) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return;
        }
        try {
            c.executor().execute(() -> fail(cause));
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down: the downloader's close fails the image
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        watch.activity();
        if (((HttpObject) msg).decoderResult().isFailure()) {
            Throwable cause = ((HttpObject) msg).decoderResult().cause();
            ReferenceCountUtil.release(msg);
            fail(new DownloadAbort(FetchStatus.BAD_RESPONSE, "malformed response: " + cause));
            return;
        }
        if (msg instanceof HttpResponse) {
            onResponse((HttpResponse) msg);
        }
        if (msg instanceof HttpContent && !done) {
            onContent((HttpContent) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onResponse(HttpResponse r) {
        responseStarted = true;
        int code = r.status().code();
        if (code >= 100 && code < 200) {
            informational = true; // 100 Continue and the like: the real response follows
            return;
        }
        informational = false;
        status = code;
        headers = r.headers();
        keepAlive = HttpUtil.isKeepAlive(r);
        try {
            ResponseHeads.checkCount(headers);
            if (!success()) {
                return;
            }
            decoder = ResponseHeads.decoder(headers);
            body = ResponseHeads.body(headers, maxBytes, budget);
        } catch (DownloadAbort refused) {
            fail(refused);
        }
    }

    private void onContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (informational) {
            informational = !last;
            c.release();
            return;
        }
        if (!success()) {
            discarded += c.content().readableBytes();
            c.release();
            if (discarded > DISCARD_LIMIT) {
                keepAlive = false; // drop the connection rather than read the rest
                complete();
            } else if (last) {
                complete();
            }
            return;
        }
        inputs.add(c.content());
        lastSeen = last;
        if (!parked) {
            drain();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!done && !parked) {
            ctx.read();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new ClosedChannelException());
    }

    /** Decodes, budgets and buffers what arrived, piece by piece, until it must wait. */
    private void drain() {
        while (!done) {
            ByteBuf in = inputs.peek();
            if (in == null) {
                if (lastSeen) {
                    complete();
                }
                return;
            }
            ByteBuffer piece;
            try {
                piece = decoder.next(in);
            } catch (DataFormatException e) {
                fail(new DownloadAbort(FetchStatus.BAD_RESPONSE, "cannot decode body: " + e));
                return;
            }
            if (piece == null) {
                inputs.poll().release();
                continue;
            }
            CompletableFuture<Void> covered = body.cover(piece.remaining());
            if (covered.isDone() && !covered.isCompletedExceptionally()) {
                if (!consume(piece)) {
                    return;
                }
                continue;
            }
            // wait for budget without blocking: park this piece, read nothing more meanwhile
            parked = true;
            watch.pause();
            covered.whenCompleteAsync((ignored, error) -> resume(piece, error), ctx.executor());
            return;
        }
    }

    private void resume(ByteBuffer piece, Throwable error) {
        parked = false;
        watch.resume();
        if (done) {
            return;
        }
        if (error != null) {
            fail(error);
            return;
        }
        if (consume(piece)) {
            drain();
            if (!done && !parked) {
                ctx.read();
            }
        }
    }

    /** Appends a covered piece unless it breaks a limit; false when the exchange was ended. */
    private boolean consume(ByteBuffer piece) {
        DownloadAbort limit = body.append(piece);
        if (limit != null) {
            fail(limit);
            return false;
        }
        return true;
    }

    /** The whole response is in (or enough of a non-2xx one): report and hand back. */
    private void complete() {
        HopResult hop;
        try {
            hop = ResponseHeads.outcome(status, headers, body);
        } catch (RuntimeException e) {
            hop =
                    HopResult.failure(
                            FetchStatus.INTERNAL_ERROR,
                            code(),
                            FailureClassifier.describe(e),
                            null);
        }
        end(hop, keepAlive && lastSeenOrDiscarded());
    }

    private boolean lastSeenOrDiscarded() {
        return success() ? lastSeen : discarded <= DISCARD_LIMIT;
    }

    private void fail(Throwable cause) {
        if (done) {
            return;
        }
        Error fatal = FailureClassifier.fatal(cause);
        if (fatal != null) {
            end(HopResult.fatal(fatal), false);
            return;
        }
        if (reusedConnection && !responseStarted && isConnectionLoss(cause)) {
            // a kept-alive connection the server had closed: not the image's fault
            end(HopResult.staleConnection(), false);
            return;
        }
        end(
                HopResult.failure(
                        FailureClassifier.forFailure(cause),
                        code(),
                        FailureClassifier.describe(cause),
                        null),
                false);
    }

    private HopResult closedBeforeResponse(Throwable cause) {
        return reusedConnection
                ? HopResult.staleConnection()
                : HopResult.failure(
                        FetchStatus.CONNECTION_RESET,
                        null,
                        FailureClassifier.describe(cause),
                        null);
    }

    private static boolean isConnectionLoss(Throwable t) {
        return t instanceof ClosedChannelException
                || (t instanceof java.io.IOException && !(t instanceof javax.net.ssl.SSLException));
    }

    private void end(HopResult hop, boolean reusable) {
        done = true;
        watch.stop();
        if (totalTimer != null) {
            totalTimer.cancel(false);
        }
        for (ByteBuf b = inputs.poll(); b != null; b = inputs.poll()) {
            b.release();
        }
        if (decoder != null) {
            decoder.close();
        }
        if (!hop.ok() && body != null) {
            body.abandon();
        }
        Channel ch = ctx.channel();
        ctx.pipeline().remove(this);
        released.release(ch, reusable);
        onDone.accept(hop);
    }

    private Integer code() {
        return status == 0 ? null : status;
    }

    private boolean success() {
        return status >= 200 && status < 300;
    }
}
