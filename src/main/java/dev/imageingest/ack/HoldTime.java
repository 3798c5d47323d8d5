package dev.imageingest.ack;

import dev.imageingest.settings.ConfigException;
import java.time.Duration;

/**
 * How long the job can hold a message before deleting it, from the settings actually in force, and
 * the start-up check that it fits SQS's limit.
 *
 * <p>A message is held from its receive until the checkpoint after its record reached the sink
 * completes: up to the operator timeout in the fetch, then up to one checkpoint interval until the
 * next barrier, and each checkpoint attempt can take up to the checkpoint timeout; with {@code n}
 * tolerable checkpoint failures the job keeps running (and holding) through {@code n + 1} attempts
 * before it fails and lets go. The source extends visibility for as long as it holds a message, but
 * SQS caps a message's invisibility at 12 hours from its receive: a hold that can last longer would
 * let a message reappear while the job still holds it (a duplicate).
 */
public final class HoldTime {
    /** SQS's cap on a received message's total invisibility. */
    public static final Duration SQS_MAX_INVISIBILITY = Duration.ofHours(12);

    private HoldTime() {}

    /** Worst-case hold: operator timeout + interval + (failures + 1) x (timeout + interval). */
    public static Duration worstCase(
            Duration checkpointInterval,
            Duration checkpointTimeout,
            int tolerableCheckpointFailures,
            Duration operatorTimeout) {
        long attempts = (long) Math.max(0, tolerableCheckpointFailures) + 1;
        long perAttempt = checkpointTimeout.toMillis() + checkpointInterval.toMillis();
        long millis;
        try {
            millis =
                    Math.addExact(
                            Math.addExact(
                                    operatorTimeout.toMillis(), checkpointInterval.toMillis()),
                            Math.multiplyExact(attempts, perAttempt));
        } catch (ArithmeticException e) {
            millis = Long.MAX_VALUE;
        }
        return Duration.ofMillis(millis);
    }

    /**
     * Fails when the settings in force let the job hold a message past SQS's 12 h limit.
     *
     * @throws ConfigException naming the checkpoint settings and their values
     */
    public static Duration validate(
            Duration checkpointInterval,
            Duration checkpointTimeout,
            int tolerableCheckpointFailures,
            Duration operatorTimeout) {
        if (checkpointInterval.isZero() || checkpointInterval.isNegative()) {
            throw new ConfigException(
                    "execution.checkpointing.interval",
                    "checkpointing must be enabled: messages are deleted only at checkpoints");
        }
        Duration hold =
                worstCase(
                        checkpointInterval,
                        checkpointTimeout,
                        tolerableCheckpointFailures,
                        operatorTimeout);
        if (hold.compareTo(SQS_MAX_INVISIBILITY) > 0) {
            throw new ConfigException(
                    "execution.checkpointing.tolerable-failed-checkpoints",
                    "a message could be held for "
                            + (hold.toMillis() == Long.MAX_VALUE ? "ever" : hold.toString())
                            + " = fetch.operator-timeout "
                            + operatorTimeout
                            + " + interval "
                            + checkpointInterval
                            + " + ("
                            + tolerableCheckpointFailures
                            + " tolerable failures + 1) x (checkpoint timeout "
                            + checkpointTimeout
                            + " + interval), more than SQS's 12 h visibility limit; lower"
                            + " the checkpoint timeout, interval or tolerable failures");
        }
        return hold;
    }
}
