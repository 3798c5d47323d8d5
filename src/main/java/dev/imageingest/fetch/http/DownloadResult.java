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
 */
public record DownloadResult(
        FetchStatus status, byte[] body, Integer httpStatus, int attempts, String error) {

    public static DownloadResult ok(byte[] body, int httpStatus, int attempts) {
        return new DownloadResult(FetchStatus.OK, body, httpStatus, attempts, null);
    }

    public static DownloadResult failure(
            FetchStatus status, Integer httpStatus, int attempts, String error) {
        if (status == FetchStatus.OK) {
            throw new IllegalArgumentException("a failure needs a failure status");
        }
        return new DownloadResult(status, null, httpStatus, attempts, error);
    }

    public boolean ok() {
        return status == FetchStatus.OK;
    }

    /** The same outcome, re-counted as attempt number {@code attempts}. */
    public DownloadResult withAttempts(int attempts) {
        return new DownloadResult(status, body, httpStatus, attempts, error);
    }
}
