package dev.imageingest.retry;

import static dev.imageingest.retry.RetryOptions.*;

import dev.imageingest.settings.ConfigException;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The retries through SQS: receives allowed and the hand-back backoff. See {@code RetryOptions}.
 */
public final class RetrySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxReceives;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;

    public RetrySettings(
            int maxReceives, Duration initialBackoff, Duration maxBackoff, double jitter) {
        this.maxReceives = maxReceives;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.jitter = jitter;
    }

    /**
     * Reads and validates the {@code retry.*} keys.
     *
     * @throws ConfigException naming the key of a value out of range
     */
    public static RetrySettings from(ReadableConfig config) {
        int maxReceives = config.get(RETRY_MAX_RECEIVES);
        Duration initial = config.get(RETRY_INITIAL_BACKOFF);
        Duration max = config.get(RETRY_MAX_BACKOFF);
        double jitter = config.get(RETRY_BACKOFF_JITTER);
        if (maxReceives < 1 || maxReceives > 1000) {
            throw new ConfigException(
                    RETRY_MAX_RECEIVES.key(), "must be between 1 and 1000, got " + maxReceives);
        }
        if (initial.toSeconds() < 1 || initial.toMillis() % 1000 != 0) {
            throw new ConfigException(
                    RETRY_INITIAL_BACKOFF.key(),
                    "must be whole seconds, at least 1 s (SQS visibility), got " + initial);
        }
        if (max.compareTo(initial) < 0 || max.compareTo(RetryBackoff.SQS_MAX_VISIBILITY) > 0) {
            throw new ConfigException(
                    RETRY_MAX_BACKOFF.key(),
                    "must be between retry.initial-backoff ("
                            + initial
                            + ") and 12 h (SQS's visibility limit), got "
                            + max);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new ConfigException(
                    RETRY_BACKOFF_JITTER.key(), "must be between 0 and 1, got " + jitter);
        }
        return new RetrySettings(maxReceives, initial, max, jitter);
    }

    public int maxReceives() {
        return maxReceives;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double jitter() {
        return jitter;
    }

    @Override
    public String toString() {
        return "RetrySettings[maxReceives="
                + maxReceives
                + ", initialBackoff="
                + initialBackoff
                + ", maxBackoff="
                + maxBackoff
                + ", jitter="
                + jitter
                + ", horizon="
                + RetryBackoff.horizon(this)
                + "]";
    }
}
