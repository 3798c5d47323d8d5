package dev.imageingest.fetch.http;

import dev.imageingest.model.FetchStatus;

/**
 * Outcome of one download, including its redirects and retries.
 *
 * @param status {@link FetchStatus#OK} when {@code body} holds the (decoded) response body
 * @param body the body, only when OK
 * @param httpStatus last HTTP status seen, null when no response arrived
 * @param attempts attempts made (1 when no retry happened)
 * @param error short reason for a failure, null when OK
 * @param reservation the in-flight byte budget held by {@code body}; null for failures (released
 *     already). Whoever consumes an OK result must call {@link #release()} when done with the body.
 */
public record DownloadResult(
        FetchStatus status,
        byte[] body,
        Integer httpStatus,
        int attempts,
        String error,
        ByteBudget.Reservation reservation) {

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

    public boolean ok() {
        return status == FetchStatus.OK;
    }

    /** Returns the body's bytes to the downloader's in-flight budget; idempotent. */
    public void release() {
        if (reservation != null) {
            reservation.release();
        }
    }
}
