package dev.imageingest.retry;

import dev.imageingest.model.FetchStatus;

/**
 * What an outcome means for its message, decided here and nowhere else.
 *
 * <ul>
 *   <li>{@link #FINAL}: about the image or the message itself, another try gives the same answer
 *       (404/410/other 4xx, not an image, too large, blocked, invalid message, TLS failure, bad
 *       response, unexpected status, internal error) or it is a success. Record, then delete.
 *   <li>{@link #TRANSIENT_PARTNER}: the image host had trouble (5xx, 429, timeouts, resets, refused
 *       connects, DNS). The downloader's short in-call retries came first; after them the message
 *       is handed back to SQS with a growing backoff instead of producing a record.
 *   <li>{@link #TRANSIENT_OURS}: our side had trouble (S3 put failed: 5xx, SlowDown, timeouts,
 *       credentials; the operator timeout fired). Handed back like the partner's.
 * </ul>
 *
 * A transient outcome at the message's last allowed receive ({@code retry.max-receives}) is final
 * after all and also goes to the dead-letter queue, as does a {@link FetchStatus#POISON_MESSAGE}.
 */
public enum OutcomeClass {
    FINAL,
    TRANSIENT_PARTNER,
    TRANSIENT_OURS;

    /** The class of a status. Every status is listed: a new one must be classified here. */
    public static OutcomeClass of(FetchStatus status) {
        switch (status) {
            case DNS_FAILURE:
            case CONNECT_FAILURE:
            case CONNECTION_RESET:
            case TIMEOUT:
            case HTTP_429:
            case HTTP_5XX:
                return TRANSIENT_PARTNER;
            case STORE_FAILED:
            case OPERATOR_TIMEOUT:
                return TRANSIENT_OURS;
            case OK:
            case INVALID_MESSAGE:
            case INVALID_URL:
            case BLOCKED_SCHEME:
            case BLOCKED_ADDRESS:
            case TOO_MANY_REDIRECTS:
            case TLS_FAILURE:
            case BAD_RESPONSE:
            case HTTP_404:
            case HTTP_410:
            case HTTP_4XX:
            case HTTP_UNEXPECTED:
            case TOO_LARGE:
            case EMPTY_BODY:
            case NOT_AN_IMAGE:
            case TOO_MANY_PIXELS:
            case INTERNAL_ERROR:
            case POISON_MESSAGE:
                return FINAL;
            default:
                throw new IllegalArgumentException("unclassified status " + status);
        }
    }

    /** Whether a later delivery may end differently (the message is worth handing back). */
    public boolean transientOutcome() {
        return this != FINAL;
    }
}
