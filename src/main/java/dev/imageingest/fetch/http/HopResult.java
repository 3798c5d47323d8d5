package dev.imageingest.fetch.http;

import dev.imageingest.model.FetchStatus;
import java.time.Duration;

/**
 * Outcome of one HTTP exchange (one hop of one attempt).
 *
 * @param status OK, or the failure status; redirects carry OK and a {@code location}
 * @param location the Location of a 3xx redirect, else null
 * @param retryAfter the server's Retry-After on 429/503, else null
 * @param body the body when OK and not a redirect
 * @param reservation the budget reservation covering {@code body}
 */
record HopResult(
        FetchStatus status,
        Integer httpStatus,
        String error,
        String location,
        Duration retryAfter,
        byte[] body,
        ByteBudget.Reservation reservation) {

    static HopResult failure(
            FetchStatus status, Integer httpStatus, String error, Duration retryAfter) {
        return new HopResult(status, httpStatus, error, null, retryAfter, null, null);
    }

    static HopResult redirect(int httpStatus, String location) {
        return new HopResult(FetchStatus.OK, httpStatus, null, location, null, null, null);
    }

    static HopResult ok(int httpStatus, byte[] body, ByteBudget.Reservation reservation) {
        return new HopResult(FetchStatus.OK, httpStatus, null, null, null, body, reservation);
    }

    boolean isRedirect() {
        return location != null;
    }

    boolean ok() {
        return status == FetchStatus.OK && location == null;
    }
}
