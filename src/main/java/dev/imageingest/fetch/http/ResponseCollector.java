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
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * Jetty listener for one exchange. For a 2xx response it rejects a {@code Content-Length} above the
 * limit up front, reserves the body's bytes from the {@link ByteBudget} (waiting asynchronously,
 * reading nothing more, when the budget is short), and aborts as soon as the (decoded) body passes
 * {@code fetch.max-bytes}. Bodies of other responses are discarded, at most {@value #DISCARD_LIMIT}
 * bytes, then the connection is dropped. Reports exactly one {@link HopResult}.
 */
final class ResponseCollector implements Response.Listener {
    /** Bytes of an error or redirect body read (and dropped) before the connection is closed. */
    static final int DISCARD_LIMIT = 64 * 1024;

    private final long maxBytes;
    private final ByteBudget budget;
    private final Executor executor;
    private final Consumer<HopResult> onDone;

    private volatile int status;
    private long declaredLength = -1;
    private boolean encoded;
    private long discarded;
    private BodyBuffer body;
    private volatile CompletableFuture<ByteBudget.Reservation> reservation;

    ResponseCollector(
            long maxBytes, ByteBudget budget, Executor executor, Consumer<HopResult> onDone) {
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.executor = executor;
        this.onDone = onDone;
    }

    @Override
    public void onHeaders(Response response) {
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
            reservation = budget.reserve(exactLength() ? declaredLength : maxBytes);
        }
        CompletableFuture<ByteBudget.Reservation> r = reservation;
        if (r.isDone() && !r.isCompletedExceptionally()) {
            if (consume(response, chunk.getByteBuffer(), r.join())) {
                demander.run();
            }
            return;
        }
        // wait for budget without blocking: park this chunk, read nothing more meanwhile
        chunk.retain();
        r.whenCompleteAsync(
                (granted, error) -> {
                    try {
                        if (error == null && consume(response, chunk.getByteBuffer(), granted)) {
                            demander.run();
                        } else if (error != null) {
                            response.abort(error);
                        }
                    } finally {
                        chunk.release();
                    }
                },
                executor);
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
        if (total > granted.bytes()) {
            // only when a server sends more than its Content-Length: never read past the
            // reservation
            response.abort(
                    new DownloadAbort(
                            FetchStatus.TOO_LARGE,
                            "body exceeds its Content-Length " + declaredLength));
            return false;
        }
        body.append(chunk);
        return true;
    }

    @Override
    public void onComplete(Result result) {
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
