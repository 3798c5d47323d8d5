package dev.imageingest.retry;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Keys of the retries through SQS and of the dead-letter queue ({@code retry.*}, {@code dlq.*}).
 * Part of {@code IngestOptions.all()}; kept next to the stage so its keys stay together. Read by
 * {@link RetrySettings} and {@link DeadLetterSettings}.
 */
public final class RetryOptions {
    private RetryOptions() {}

    public static final ConfigOption<Integer> RETRY_MAX_RECEIVES =
            ConfigOptions.key("retry.max-receives")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Deliveries a message gets for transient outcomes (partner 5xx, 429,"
                                    + " timeouts, resets, DNS; S3 failures, operator timeouts)."
                                    + " Before this many receives such a message is handed back to"
                                    + " SQS with a backoff and produces no record; at this"
                                    + " receive (ApproximateReceiveCount) its outcome is final: a"
                                    + " failure record and a dead-letter message. A message"
                                    + " received more often than this is a poison message and goes"
                                    + " to the dead-letter queue unprocessed. 1..1000.");

    public static final ConfigOption<Duration> RETRY_INITIAL_BACKOFF =
            ConfigOptions.key("retry.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "Visibility timeout set on a message handed back after its first"
                                    + " receive; doubles with every further receive up to"
                                    + " retry.max-backoff. Whole seconds, at least 1 s.");

    public static final ConfigOption<Duration> RETRY_MAX_BACKOFF =
            ConfigOptions.key("retry.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "Longest hand-back backoff, at most 12 h (SQS's visibility limit). With"
                                    + " the defaults the retry horizon (sum of the backoffs) is"
                                    + " 1+2+4+8+16+32+60 min = 2 h 3 min.");

    public static final ConfigOption<Double> RETRY_BACKOFF_JITTER =
            ConfigOptions.key("retry.backoff-jitter")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "Fraction of each backoff drawn at random and taken off (0 = exact"
                                    + " schedule, 0.2 = between 80% and 100% of it), so messages"
                                    + " that failed together do not all return together. 0..1.");

    public static final ConfigOption<String> DLQ_QUEUE_URL =
            ConfigOptions.key("dlq.queue-url")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "URL of the dead-letter queue (same region and credentials as the"
                                    + " source queue). Transient outcomes out of receives, and"
                                    + " poison messages, are sent there with their original body"
                                    + " and attributes (status, error, receive_count, record_id,"
                                    + " source_queue) before their message is deleted. Empty: no"
                                    + " dead-letter queue, such messages end with their failure"
                                    + " record only (a warning at start-up); set it in"
                                    + " production.");

    public static final ConfigOption<String> DLQ_ENDPOINT =
            ConfigOptions.key("dlq.endpoint")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Endpoint override for the dead-letter queue; empty uses"
                                    + " sqs.endpoint.");
}
