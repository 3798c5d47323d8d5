package dev.imageingest.fetch.http;

import dev.imageingest.fetch.politeness.RetryAfter;
import dev.imageingest.model.FetchStatus;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * Jetty listener for one exchange. For a 2xx response it rejects a {@code Content-Length} above the
 * limit up front and aborts as soon as the (decoded) body passes {@code fetch.max-bytes}. The body
 * is covered by a {@link ByteBudget} reservation before it is buffered: its exact {@code
 * Content-Length} when declared and not content-encoded, else {@value #INITIAL_UNKNOWN} bytes (at
 * most {@code fetch.max-bytes}) that grow by doubling as the body arrives. Whenever the budget
 * makes it wait, the chunk in hand is parked, nothing more is read from the connection (TCP
 * back-pressure on the server), no thread is blocked, and the {@link IdleWatch} is paused: a
 * download waiting for budget is bounded by the image's total deadline, never failed as idle.
 * Bodies of other responses are discarded, at most {@value #DISCARD_LIMIT} bytes, then the
 * connection is dropped. Reports exactly one {@link HopResult}.
 */
final class ResponseCollector implements Response.Listener {
    /** Bytes of an error or redirect body read (and dropped) before the connection is closed. */
    static final int DISCARD_LIMIT = 64 * 1024;

    /** First reservation of a body whose size is not known in advance. */
    static final long INITIAL_UNKNOWN = 256 * 1024;

    private static final CompletableFuture<Void> COVERED = CompletableFuture.completedFuture(null);

    private final long maxBytes;
    private final ByteBudget budget;
    private final Executor executor;
    private final IdleWatch watch;
    private final Consumer<HopResult> onDone;

    private volatile int status;
    private long declaredLength = -1;
    private boolean encoded;
    private long discarded;
    private BodyBuffer body;
    private volatile CompletableFuture<ByteBudget.Reservation> reservation;

    ResponseCollector(
            long maxBytes,
            ByteBudget budget,
            Executor executor,
            IdleWatch watch,
            Consumer<HopResult> onDone) {
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.executor = executor;
        this.watch = watch;
        this.onDone = onDone;
    }

    @Override
    public void onBegin(Response response) {
        watch.activity();
    }

    @Override
    public boolean onHeader(Response response, HttpField field) {
        watch.activity();
        return true;
    }

    @Override
    public void onHeaders(Response response) {
        watch.activity();
        status = response.getStatus();
        if (!success()) {
            return;
        }
        encoded = response.getHeaders().contains(HttpHeader.CONTENT_ENCODING);
        try {
            declaredLength = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        } catch (NumberFormatException e) {
            declaredLength = -1;
        }
        if (declaredLength > maxBytes) {
            response.abort(
                    new DownloadAbort(
                            FetchStatus.TOO_LARGE,
                            "Content-Length "
                                    + declaredLength
                                    + " exceeds "
                                    + maxBytes
                                    + " bytes"));
        }
    }

    @Override
    public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
        watch.activity();
        if (!success()) {
            discarded += chunk.remaining();
            if (discarded > DISCARD_LIMIT) {
                response.abort(new BodyDiscarded());
            } else {
                demander.run();
            }
            return;
        }
        if (reservation == null) {
            reservation =
                    budget.reserve(
                            exactLength() ? declaredLength : Math.min(maxBytes, INITIAL_UNKNOWN));
        }
        CompletableFuture<Void> covered = cover(chunk.remaining());
        if (covered.isDone() && !covered.isCompletedExceptionally()) {
            if (consume(response, chunk.getByteBuffer(), reservation.join())) {
                demander.run();
            }
            return;
        }
        // wait for budget without blocking: park this chunk, read nothing more meanwhile
        chunk.retain();
        watch.pause();
        covered.whenCompleteAsync(
                (ignored, error) -> {
                    try {
                        watch.resume();
                        if (error == null) {
                            if (consume(response, chunk.getByteBuffer(), reservation.join())) {
                                demander.run();
                            }
                        } else {
                            response.abort(error);
                        }
                    } finally {
                        chunk.release();
                    }
                },
                executor);
    }

    /** Completes when the reservation covers the body so far plus {@code chunkBytes}. */
    private CompletableFuture<Void> cover(long chunkBytes) {
        CompletableFuture<ByteBudget.Reservation> r = reservation;
        if (r.isDone() && !r.isCompletedExceptionally()) {
            return grow(r.join(), chunkBytes);
        }
        return r.thenCompose(granted -> grow(granted, chunkBytes));
    }

    /** Doubles an unknown-length reservation (up to the limit) when the chunk does not fit. */
    private CompletableFuture<Void> grow(ByteBudget.Reservation granted, long chunkBytes) {
        long total = (body == null ? 0 : body.size()) + chunkBytes;
        long held = granted.bytes();
        if (exactLength() || total <= held || total > maxBytes) {
            return COVERED; // consume() enforces the limits
        }
        return granted.growTo(Math.min(maxBytes, Math.max(total, 2 * held)));
    }

    /** Appends a chunk unless it breaks a limit; false when the exchange was aborted. */
    private boolean consume(Response response, ByteBuffer chunk, ByteBudget.Reservation granted) {
        if (body == null) {
            // allocated only once the budget covers it
            body = new BodyBuffer(exactLength() ? declaredLength : -1, maxBytes);
        }
        long total = (long) body.size() + chunk.remaining();
        if (total > maxBytes) {
            response.abort(
                    new DownloadAbort(
                            FetchStatus.TOO_LARGE, "body exceeds " + maxBytes + " bytes"));
            return false;
        }
        long reserved = granted.bytes();
        if (total > reserved) {
            // a server sending more than its Content-Length (or a reservation released by an
            // abort meanwhile): never read past the reservation
            response.abort(
                    new DownloadAbort(
                            FetchStatus.TOO_LARGE,
                            "body exceeds its Content-Length " + declaredLength));
            return false;
        }
        body.append(chunk, reserved);
        return true;
    }

    @Override
    public void onComplete(Result result) {
        watch.stop();
        HopResult hop;
        try {
            hop = outcome(result);
        } catch (RuntimeException e) {
            hop =
                    HopResult.failure(
                            FetchStatus.INTERNAL_ERROR,
                            code(),
                            FailureClassifier.describe(e),
                            null);
        }
        if (!hop.ok()) {
            budget.abandon(reservation);
        }
        onDone.accept(hop);
    }

    private HopResult outcome(Result result) {
        Throwable failure = result.getFailure();
        if (result.isFailed() && !(failure instanceof BodyDiscarded)) {
            return HopResult.failure(
                    FailureClassifier.forFailure(failure),
                    code(),
                    FailureClassifier.describe(failure),
                    null);
        }
        Response response = result.getResponse();
        int code = response.getStatus();
        String location = response.getHeaders().get(HttpHeader.LOCATION);
        if (code >= 300 && code < 400 && code != 304 && location != null && !location.isBlank()) {
            return HopResult.redirect(code, location);
        }
        FetchStatus mapped = FailureClassifier.forHttpStatus(code);
        if (mapped != FetchStatus.OK) {
            Duration retryAfter =
                    code == 429 || code == 503
                            ? RetryAfter.parse(
                                            response.getHeaders().get(HttpHeader.RETRY_AFTER),
                                            Instant.now())
                                    .orElse(null)
                            : null;
            return HopResult.failure(mapped, code, "HTTP " + code, retryAfter);
        }
        if (body == null || body.size() == 0) {
            return HopResult.failure(FetchStatus.EMPTY_BODY, code, "empty body", null);
        }
        byte[] bytes = body.bytes();
        ByteBudget.Reservation granted = reservation.join();
        granted.shrinkTo(bytes.length);
        return HopResult.ok(code, bytes, granted);
    }

    /** The body size is known in advance: declared and not content-encoded. */
    private boolean exactLength() {
        return declaredLength >= 0 && !encoded;
    }

    private Integer code() {
        return status == 0 ? null : status;
    }

    private boolean success() {
        return status >= 200 && status < 300;
    }

    /** Marks an exchange we ended after discarding enough of a non-2xx body. */
    static final class BodyDiscarded extends Exception {
        BodyDiscarded() {
            super(
                    "non-2xx body longer than " + DISCARD_LIMIT + " bytes, connection dropped",
                    null,
                    false,
                    false);
        }
    }
}
