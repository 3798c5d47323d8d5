package dev.imageingest.fetch.http;

import dev.imageingest.model.FetchStatus;

/**
 * Outcome of one download, including its redirects and retries: {@link FetchStatus#OK} with the
 * (decoded) body, or a failure status with a short reason. Whoever consumes an OK result must call
 * {@link #release()} when done with the body, returning its bytes to the in-flight budget.
 */
public final class DownloadResult {
    private final FetchStatus status;
    private final byte[] body;
    private final Integer httpStatus;
    private final int attempts;
    private final String error;
    private final ByteBudget.Reservation reservation;

    private DownloadResult(
            FetchStatus status,
            byte[] body,
            Integer httpStatus,
            int attempts,
            String error,
            ByteBudget.Reservation reservation) {
        this.status = status;
        this.body = body;
        this.httpStatus = httpStatus;
        this.attempts = attempts;
        this.error = error;
        this.reservation = reservation;
    }

    public static DownloadResult ok(
            byte[] body, int httpStatus, int attempts, ByteBudget.Reservation reservation) {
        return new DownloadResult(FetchStatus.OK, body, httpStatus, attempts, null, reservation);
    }

    public static DownloadResult failure(
            FetchStatus status, Integer httpStatus, int attempts, String error) {
        if (status == FetchStatus.OK) {
            throw new IllegalArgumentException("a failure needs a failure status");
        }
        return new DownloadResult(status, null, httpStatus, attempts, error, null);
    }

    public FetchStatus status() {
        return status;
    }

    /** The body, only when OK. */
    public byte[] body() {
        return body;
    }

    /** Last HTTP status seen, null when no response arrived. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** Attempts made (1 when no retry happened). */
    public int attempts() {
        return attempts;
    }

    /** Short reason for a failure, null when OK. */
    public String error() {
        return error;
    }

    /** The in-flight byte budget held by the body; null for failures (released already). */
    public ByteBudget.Reservation reservation() {
        return reservation;
    }

    public boolean ok() {
        return status == FetchStatus.OK;
    }

    /** Returns the body's bytes to the downloader's in-flight budget; idempotent. */
    public void release() {
        if (reservation != null) {
            reservation.release();
        }
    }

    @Override
    public String toString() {
        return "DownloadResult{" + status + (error == null ? "" : ": " + error) + "}";
    }
}
