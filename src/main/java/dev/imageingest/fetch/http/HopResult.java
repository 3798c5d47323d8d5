package dev.imageingest.fetch.http;

import dev.imageingest.model.FetchStatus;
import java.time.Duration;

/**
 * Outcome of one HTTP exchange (one hop of one attempt): OK with a body, a redirect (OK status and
 * a {@code location}), a failure status, or a kept-alive connection found closed before any
 * response (sent again on a new connection, not counted as an attempt).
 */
final class HopResult {
    private final FetchStatus status;
    private final Integer httpStatus;
    private final String error;
    private final String location;
    private final Duration retryAfter;
    private final byte[] body;
    private final ByteBudget.Reservation reservation;
    private final boolean stale;

    /** an {@link Error} met during the exchange; it fails the download, never becomes a status */
    private Error fatal;

    private HopResult(
            FetchStatus status,
            Integer httpStatus,
            String error,
            String location,
            Duration retryAfter,
            byte[] body,
            ByteBudget.Reservation reservation,
            boolean stale) {
        this.status = status;
        this.httpStatus = httpStatus;
        this.error = error;
        this.location = location;
        this.retryAfter = retryAfter;
        this.body = body;
        this.reservation = reservation;
        this.stale = stale;
    }

    static HopResult failure(
            FetchStatus status, Integer httpStatus, String error, Duration retryAfter) {
        return new HopResult(status, httpStatus, error, null, retryAfter, null, null, false);
    }

    static HopResult redirect(int httpStatus, String location) {
        return new HopResult(FetchStatus.OK, httpStatus, null, location, null, null, null, false);
    }

    static HopResult ok(int httpStatus, byte[] body, ByteBudget.Reservation reservation) {
        return new HopResult(
                FetchStatus.OK, httpStatus, null, null, null, body, reservation, false);
    }

    /** The exchange met an {@link Error}: the download completes exceptionally with it. */
    static HopResult fatal(Error error) {
        HopResult r = failure(FetchStatus.INTERNAL_ERROR, null, String.valueOf(error), null);
        r.fatal = error;
        return r;
    }

    /**
     * A hop that failed before any response (resolve, connect, handshake, deadline): an {@link
     * Error} stays fatal, anything else becomes its failure status.
     */
    static HopResult unanswered(Throwable error) {
        Error fatal = FailureClassifier.fatal(error);
        if (fatal != null) {
            return fatal(fatal);
        }
        return failure(
                FailureClassifier.forFailure(error), null, FailureClassifier.describe(error), null);
    }

    /** The {@link Error} to rethrow, or null. */
    Error fatalError() {
        return fatal;
    }

    static HopResult staleConnection() {
        return new HopResult(
                FetchStatus.CONNECTION_RESET,
                null,
                "kept-alive connection closed by the server",
                null,
                null,
                null,
                null,
                true);
    }

    /** OK, or the failure status; redirects carry OK and a {@link #location()}. */
    FetchStatus status() {
        return status;
    }

    Integer httpStatus() {
        return httpStatus;
    }

    String error() {
        return error;
    }

    /** The Location of a 3xx redirect, else null. */
    String location() {
        return location;
    }

    /** The server's Retry-After on 429/503, else null. */
    Duration retryAfter() {
        return retryAfter;
    }

    /** The body when OK and not a redirect. */
    byte[] body() {
        return body;
    }

    /** The budget reservation covering {@link #body()}. */
    ByteBudget.Reservation reservation() {
        return reservation;
    }

    /** The request never reached a live server: send it again on a new connection. */
    boolean isStale() {
        return stale;
    }

    boolean isRedirect() {
        return location != null;
    }

    boolean ok() {
        return status == FetchStatus.OK && location == null;
    }
}
