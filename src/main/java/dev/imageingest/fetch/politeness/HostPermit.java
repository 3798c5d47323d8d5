package dev.imageingest.fetch.politeness;

import java.time.Duration;

/**
 * The right to send one request to one host. Exactly one of the release methods must be called when
 * the exchange ends; later calls are ignored.
 */
public interface HostPermit {

    /** The host answered normally (any response other than 429 / 5xx, including 404). */
    void succeeded();

    /** Transport failure, timeout, 5xx or 429: counts towards the host's failure backoff. */
    void failed();

    /** 429 / 503 with a Retry-After: pause the whole host for that long (capped). */
    void throttled(Duration retryAfter);

    /** The exchange ended without telling anything about the host (e.g. our own abort). */
    void released();
}
