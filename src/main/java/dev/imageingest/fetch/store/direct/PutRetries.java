package dev.imageingest.fetch.store.direct;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * When a failed PUT attempt is tried again, as the SDK's standard retry mode does it: at most
 * {@value #MAX_ATTEMPTS} attempts; S3 errors only when {@link S3PutFailure#retryable()}; I/O
 * failures and timeouts always, certificate problems never; full-jitter exponential backoff from
 * {@value #BASE_MS} ms ({@value #THROTTLED_BASE_MS} ms after 429/503), capped at {@value #MAX_MS}
 * ms, and never past the put's deadline.
 */
final class PutRetries {
    static final int MAX_ATTEMPTS = 3;
    static final long BASE_MS = 100;
    static final long THROTTLED_BASE_MS = 500;
    static final long MAX_MS = 20_000;

    private PutRetries() {}

    /** The backoff before the next attempt, or -1 when the put fails with {@code error}. */
    static long delayMillis(Throwable error, int attempts, long nanosLeft) {
        boolean retryable = !(error instanceof S3PutFailure) || ((S3PutFailure) error).retryable();
        if (error instanceof SSLException && !(error.getCause() instanceof IOException)) {
            retryable = false; // a certificate problem does not go away
        }
        if (!retryable || attempts >= MAX_ATTEMPTS) {
            return -1;
        }
        boolean throttled =
                error instanceof S3PutFailure
                        && (((S3PutFailure) error).status() == 429
                                || ((S3PutFailure) error).status() == 503);
        long base = throttled ? THROTTLED_BASE_MS : BASE_MS;
        long cap = Math.min(MAX_MS, base << Math.min(10, attempts));
        long delay = ThreadLocalRandom.current().nextLong(cap + 1);
        return nanosLeft <= TimeUnit.MILLISECONDS.toNanos(delay) ? -1 : delay;
    }

    /** The final error, noting how many attempts were made. */
    static Throwable withAttempts(Throwable error, int attempts) {
        if (attempts > 1) {
            error.addSuppressed(new IOException("after " + attempts + " attempts"));
        }
        return error;
    }
}
