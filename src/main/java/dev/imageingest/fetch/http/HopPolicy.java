package dev.imageingest.fetch.http;

import dev.imageingest.backoff.Backoff;
import dev.imageingest.fetch.guard.Target;
import dev.imageingest.fetch.guard.TargetBlocked;
import dev.imageingest.fetch.guard.UrlGuard;
import dev.imageingest.fetch.politeness.HostPermit;
import dev.imageingest.model.FetchStatus;
import java.time.Duration;

/**
 * The rules for what an image does after a hop: whether and where a redirect is followed (each
 * target checked again by the {@link UrlGuard}, at most {@code fetch.max-redirects}, never from
 * https down to http), whether a failure is retried and after how long (full-jitter backoff, at
 * least the server's Retry-After, up to {@code fetch.max-attempts}), and what the hop tells the
 * host's limiter. Kept apart from {@link NettyImageDownloader}'s per-image job, which only
 * sequences the steps (deadlines, scheduling, completing the image's future), so the rules read in
 * one place. Stateless: one per downloader, shared by its jobs.
 */
final class HopPolicy {
    private final UrlGuard guard;
    private final Backoff backoff;
    private final int maxRedirects;
    private final int maxAttempts;

    HopPolicy(UrlGuard guard, Backoff backoff, int maxRedirects, int maxAttempts) {
        this.guard = guard;
        this.backoff = backoff;
        this.maxRedirects = maxRedirects;
        this.maxAttempts = maxAttempts;
    }

    /**
     * The target of a redirect from {@code from} to {@code location}.
     *
     * @param redirectsSoFar redirects the image followed before this one
     * @throws DownloadAbort too many redirects, a target the guard blocks, or an https-to-http
     *     downgrade
     */
    Target redirect(Target from, String location, int redirectsSoFar) throws DownloadAbort {
        if (redirectsSoFar >= maxRedirects) {
            throw new DownloadAbort(
                    FetchStatus.TOO_MANY_REDIRECTS, "more than " + maxRedirects + " redirects");
        }
        Target to;
        try {
            to = guard.redirect(from, location);
        } catch (TargetBlocked b) {
            throw new DownloadAbort(b.status(), "redirect to " + location + ": " + b.getMessage());
        }
        if ("https".equals(from.scheme()) && "http".equals(to.scheme())) {
            // a downgrade would hand the image to anyone on the path: never followed
            throw new DownloadAbort(
                    FetchStatus.BLOCKED_SCHEME, "redirect from https to http refused: " + to);
        }
        return to;
    }

    /**
     * The wait before the next attempt after a failed hop: full-jitter backoff, or the server's
     * Retry-After (capped like the backoff) when that is longer; null when the failure is final or
     * {@code attempts} used them all up.
     */
    Duration retryDelay(HopResult hop, int attempts) {
        if (!hop.status().retryable() || attempts >= maxAttempts) {
            return null;
        }
        Duration delay = backoff.delay(attempts);
        if (hop.retryAfter() != null) {
            Duration asked = backoff.cap(hop.retryAfter());
            delay = asked.compareTo(delay) > 0 ? asked : delay;
        }
        return delay;
    }

    /** What a hop says about the host, for its backoff and adaptive concurrency. */
    static void tellHost(HostPermit permit, HopResult hop) {
        if (hop.retryAfter() != null) {
            permit.throttled(hop.retryAfter());
        } else if (hop.status().retryable()) {
            permit.failed();
        } else if (hop.status() == FetchStatus.BLOCKED_ADDRESS
                || hop.status() == FetchStatus.INVALID_URL
                || hop.status() == FetchStatus.INTERNAL_ERROR) {
            permit.released();
        } else {
            permit.succeeded();
        }
    }
}
