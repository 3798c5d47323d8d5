package dev.imageingest.model;

/**
 * Outcome of one image record. Every message ends as exactly one {@link PathRecord} carrying one of
 * these statuses; the name is written verbatim to the {@code status} column and counted in a Flink
 * counter per status.
 *
 * <p>{@link #retryable()} says whether the downloader may try again within the per-image deadline
 * (transient network or server trouble); all other failures are final on the first attempt. Which
 * outcomes are retried later through SQS is decided in one place, {@code
 * dev.imageingest.retry.OutcomeClass}.
 */
public enum FetchStatus {
    /** Image downloaded, validated and stored in S3. */
    OK(false),

    // ---- input ----
    /** The SQS body is not JSON, lacks a URL, or has fields of the wrong type. */
    INVALID_MESSAGE(false),
    /** The URL cannot be parsed or has no host. */
    INVALID_URL(false),

    // ---- policy (SSRF guard) ----
    /** Scheme other than http/https, userinfo in the URL, or a port that is not allowed. */
    BLOCKED_SCHEME(false),
    /**
     * The host (or a redirect target) is, or resolved to, an address in a denied range; no
     * connection was attempted.
     */
    BLOCKED_ADDRESS(false),
    /** More redirects than allowed, or a redirect loop. */
    TOO_MANY_REDIRECTS(false),

    // ---- network ----
    /** The host name does not resolve. */
    DNS_FAILURE(true),
    /** TCP connect refused or unreachable. */
    CONNECT_FAILURE(true),
    /** TLS handshake failed (bad certificate, protocol mismatch). */
    TLS_FAILURE(false),
    /**
     * The response broke HTTP/1.1 (malformed status line or headers, headers too large, several or
     * invalid Content-Lengths, an undecodable or unsupported Content-Encoding).
     */
    BAD_RESPONSE(false),
    /** Connection reset or closed mid-response. */
    CONNECTION_RESET(true),
    /**
     * Connect, idle or total deadline exceeded (including time spent waiting for a per-host slot,
     * rate or backoff), or HTTP 408.
     */
    TIMEOUT(true),

    // ---- HTTP ----
    HTTP_404(false),
    HTTP_410(false),
    /** 429 Too Many Requests after the allowed attempts. */
    HTTP_429(true),
    /** Any other 4xx (408 is retried). */
    HTTP_4XX(false),
    /** Any 5xx after the allowed attempts. */
    HTTP_5XX(true),
    /** 1xx/3xx without a usable Location, or another unexpected status. */
    HTTP_UNEXPECTED(false),

    // ---- content ----
    /** Content-Length or the (decoded) body larger than {@code fetch.max-bytes}; aborted early. */
    TOO_LARGE(false),
    /** Empty body. */
    EMPTY_BODY(false),
    /** Magic bytes are not a supported image format (HTML, SVG, text, truncated). */
    NOT_AN_IMAGE(false),
    /** Image header declares more pixels than allowed. */
    TOO_MANY_PIXELS(false),

    // ---- storage / internal ----
    /**
     * The S3 put failed after the SDK's retries. Transient on our side: the message is handed back
     * to SQS and retried later (see {@code dev.imageingest.retry.OutcomeClass}).
     */
    STORE_FAILED(false),
    /** The per-element async timeout of the fetch operator fired. */
    OPERATOR_TIMEOUT(false),
    /** An unexpected exception; the error column carries its class and message. */
    INTERNAL_ERROR(false),

    // ---- delivery ----
    /**
     * The message arrived with a receive count already past {@code retry.max-receives}: earlier
     * deliveries never finished (typically it crashed the job). It goes to the dead-letter queue
     * unprocessed, with this record.
     */
    POISON_MESSAGE(false);

    private final boolean retryable;

    FetchStatus(boolean retryable) {
        this.retryable = retryable;
    }

    /** True when another attempt may succeed (transient network or server trouble). */
    public boolean retryable() {
        return retryable;
    }
}
