package dev.imageingest.fetch.http;

import dev.imageingest.model.FetchStatus;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The decoded body of one 2xx response and its share of the {@link ByteBudget}. Nothing is buffered
 * before the budget covers it: the first piece reserves the exact {@code Content-Length} when it is
 * declared and the body is not content-encoded, else {@value #INITIAL_UNKNOWN} bytes (at most
 * {@code fetch.max-bytes}) that grow by doubling as the body arrives. Used by one {@link Exchange}
 * on its event loop; {@link #cover} may complete later, on another thread.
 */
final class BudgetedBody {
    /** First reservation of a body whose size is not known in advance. */
    static final long INITIAL_UNKNOWN = 256 * 1024;

    private static final CompletableFuture<Void> COVERED = CompletableFuture.completedFuture(null);

    private final long maxBytes;
    private final ByteBudget budget;
    private final long declaredLength;
    private final boolean exactLength;
    private BodyBuffer buffer;
    private CompletableFuture<ByteBudget.Reservation> reservation;

    /**
     * @param declaredLength the Content-Length, or -1
     * @param encoded a Content-Encoding applies (the declared length is not the decoded size)
     */
    BudgetedBody(long maxBytes, ByteBudget budget, long declaredLength, boolean encoded) {
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.declaredLength = declaredLength;
        this.exactLength = declaredLength >= 0 && !encoded;
    }

    /** Completes when the reservation covers the body so far plus {@code pieceBytes}. */
    CompletableFuture<Void> cover(long pieceBytes) {
        if (reservation == null) {
            reservation =
                    budget.reserve(
                            exactLength ? declaredLength : Math.min(maxBytes, INITIAL_UNKNOWN));
        }
        CompletableFuture<ByteBudget.Reservation> r = reservation;
        if (r.isDone() && !r.isCompletedExceptionally()) {
            return grow(r.join(), pieceBytes);
        }
        return r.thenCompose(granted -> grow(granted, pieceBytes));
    }

    /** Doubles an unknown-length reservation (up to the limit) when the piece does not fit. */
    private CompletableFuture<Void> grow(ByteBudget.Reservation granted, long pieceBytes) {
        long total = size() + pieceBytes;
        long held = granted.bytes();
        if (exactLength || total <= held || total > maxBytes) {
            return COVERED; // append() enforces the limits
        }
        return granted.growTo(Math.min(maxBytes, Math.max(total, 2 * held)));
    }

    /** Appends a covered piece; the reason to stop when it breaks a limit, else null. */
    DownloadAbort append(ByteBuffer piece) {
        if (buffer == null) {
            // allocated only once the budget covers it
            buffer = new BodyBuffer(exactLength ? declaredLength : -1, maxBytes);
        }
        long total = (long) buffer.size() + piece.remaining();
        if (total > maxBytes) {
            return new DownloadAbort(FetchStatus.TOO_LARGE, "body exceeds " + maxBytes + " bytes");
        }
        long reserved = reservation.join().bytes();
        if (total > reserved) {
            // more than its Content-Length (or a reservation released meanwhile): never read on
            return new DownloadAbort(
                    FetchStatus.TOO_LARGE, "body exceeds its Content-Length " + declaredLength);
        }
        buffer.append(piece, reserved);
        return null;
    }

    int size() {
        return buffer == null ? 0 : buffer.size();
    }

    /** The complete body as an OK hop, its reservation trimmed to the real size. */
    HopResult complete(int httpStatus) {
        byte[] bytes = buffer.bytes();
        ByteBudget.Reservation granted = reservation.join();
        granted.shrinkTo(bytes.length);
        return HopResult.ok(httpStatus, bytes, granted);
    }

    /** Gives the budget back (also a reservation still waiting): the body will not be used. */
    void abandon() {
        budget.abandon(reservation);
    }
}
