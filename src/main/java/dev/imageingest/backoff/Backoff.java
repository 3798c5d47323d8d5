package dev.imageingest.backoff;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The project's one backoff: exponential with full jitter. Before retry {@code n} (1-based) wait a
 * uniformly random time in {@code [0, min(max, base * 2^(n-1))]}.
 *
 * <p>Used wherever the job or a tool waits before trying again: image downloads and host pauses
 * ({@code fetch}), SQS receives after an error ({@code source}), entries SQS failed in a delete
 * batch ({@code ack}) and in a send batch ({@code tools/enqueue}). Full jitter spreads the retries
 * of many subtasks that failed together; whole-call failures of AWS APIs are first retried by the
 * SDK's own retry policy, so these waits sit only where the SDK does not retry (a loop that must go
 * on after the SDK gave up, or entries a batch call reported as failed).
 */
public final class Backoff implements java.io.Serializable {
    private final Duration base;
    private final Duration max;

    public Backoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    public Duration base() {
        return base;
    }

    public Duration max() {
        return max;
    }

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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Backoff)) {
            return false;
        }
        Backoff that = (Backoff) o;
        return Objects.equals(base, that.base) && Objects.equals(max, that.max);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, max);
    }

    @Override
    public String toString() {
        return "Backoff[base=" + base + ", max=" + max + "]";
    }
}
