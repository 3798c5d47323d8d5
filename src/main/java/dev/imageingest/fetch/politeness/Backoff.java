package dev.imageingest.fetch.politeness;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1-based) wait a uniformly random
 * time in {@code [0, min(max, base * 2^(n-1))]}.
 */
public record Backoff(Duration base, Duration max) implements java.io.Serializable {

    /** The ceiling of the wait before retry {@code n}, without jitter. */
    public Duration ceiling(int retry) {
        int shift = Math.max(0, Math.min(30, retry - 1));
        long ms = base.toMillis() << shift;
        if (ms < 0 || ms > max.toMillis()) {
            ms = max.toMillis();
        }
        return Duration.ofMillis(ms);
    }

    /** A jittered wait before retry {@code n}. */
    public Duration delay(int retry) {
        long ceiling = ceiling(retry).toMillis();
        return Duration.ofMillis(
                ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** Caps a server-requested wait (Retry-After) at {@link #max()}. */
    public Duration cap(Duration requested) {
        return requested.compareTo(max) > 0 ? max : requested;
    }
}
