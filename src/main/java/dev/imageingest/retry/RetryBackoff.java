package dev.imageingest.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The hand-back schedule: after receive {@code n} (1-based) a message stays invisible for {@code
 * initial x 2^(n-1)}, capped at {@code max}, less a random share of up to {@code jitter} of it.
 * Pure arithmetic, no state; SQS counts the receives ({@code ApproximateReceiveCount}).
 */
public final class RetryBackoff {
    /** SQS's cap on one visibility timeout and on a message's total invisibility per receive. */
    public static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

    private RetryBackoff() {}

    /** The backoff after receive {@code receiveCount} before jitter. */
    public static Duration nominal(RetrySettings s, int receiveCount) {
        int doublings = Math.max(0, receiveCount - 1);
        long initial = s.initialBackoff().toSeconds();
        long max = s.maxBackoff().toSeconds();
        long seconds = doublings >= 62 ? max : initial;
        for (int i = 0; i < doublings && seconds < max; i++) {
            seconds *= 2;
        }
        return Duration.ofSeconds(Math.min(seconds, max));
    }

    /**
     * Visibility timeout in whole seconds for a message handed back after receive {@code
     * receiveCount}, jittered with {@code random} (uniform in [0, 1)), at least 1 s.
     */
    public static int visibilitySeconds(RetrySettings s, int receiveCount, DoubleSupplier random) {
        double nominal = nominal(s, receiveCount).toSeconds();
        double jittered = nominal * (1.0 - s.jitter() * random.getAsDouble());
        return (int) Math.max(1, Math.min(SQS_MAX_VISIBILITY.toSeconds(), Math.round(jittered)));
    }

    /**
     * How long a message that never stops failing transiently keeps coming back: the sum of the
     * nominal backoffs after receives 1 .. max-receives - 1 (processing time comes on top; jitter
     * shortens it by up to {@code jitter}).
     */
    public static Duration horizon(RetrySettings s) {
        Duration total = Duration.ZERO;
        for (int n = 1; n < s.maxReceives(); n++) {
            total = total.plus(nominal(s, n));
        }
        return total;
    }
}
