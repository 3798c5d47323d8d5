package dev.imageingest.source.sqs.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Keys of the SQS source and of the deletes after checkpoints ({@code sqs.*}). Read into {@link
 * SqsSourceSettings}; the ranges are checked by {@code IngestConfig}.
 *
 * <p>Declared next to the stage that reads them, so a stage's keys, defaults and descriptions
 * change with its code; {@code IngestOptions.all()} gathers this class with the others, to reject
 * unknown keys at start-up and to render the README configuration table.
 */
public final class SqsSourceOptions {
    private SqsSourceOptions() {}

    public static final ConfigOption<String> SQS_QUEUE_URL =
            ConfigOptions.key("sqs.queue-url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("URL of the SQS queue holding the image records. Required.");

    public static final ConfigOption<String> SQS_ENDPOINT =
            ConfigOptions.key("sqs.endpoint")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "SQS endpoint override (e.g. http://localhost:9324); empty uses the"
                                    + " region's endpoint.");

    public static final ConfigOption<Integer> SQS_MAX_MESSAGES =
            ConfigOptions.key("sqs.max-messages-per-receive")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Messages per ReceiveMessage call, 1..10.");

    public static final ConfigOption<Duration> SQS_WAIT_TIME =
            ConfigOptions.key("sqs.wait-time")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(20))
                    .withDescription("Long-poll wait time per receive, 0..20 s.");

    public static final ConfigOption<Integer> SQS_RECEIVES_IN_FLIGHT =
            ConfigOptions.key("sqs.receives-in-flight")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Concurrent ReceiveMessage calls per source reader. Each returns up to"
                                    + " 10 messages, so 8 lets one reader feed thousands of"
                                    + " messages per second.");

    public static final ConfigOption<Duration> SQS_VISIBILITY_TIMEOUT =
            ConfigOptions.key("sqs.visibility-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Visibility timeout requested per receive. The reader extends it"
                                    + " (ChangeMessageVisibilityBatch) while the job holds a"
                                    + " message, so it need not cover checkpoints; it is how long"
                                    + " a message held by a failed or cancelled job takes to"
                                    + " return. 0 keeps the queue's own.");

    public static final ConfigOption<Integer> SQS_MAX_IN_FLIGHT =
            ConfigOptions.key("sqs.max-in-flight")
                    .intType()
                    .defaultValue(100_000)
                    .withDescription(
                            "Readers pause receiving while the queue's in-flight count"
                                    + " (ApproximateNumberOfMessagesNotVisible: received, not yet"
                                    + " deleted, by anyone) is at or above this, so the job never"
                                    + " reaches SQS's limit of about 120,000 in-flight messages,"
                                    + " past which receives silently return nothing. At most"
                                    + " 120000; 0 = no cap.");

    public static final ConfigOption<Duration> SQS_IN_FLIGHT_POLL_INTERVAL =
            ConfigOptions.key("sqs.in-flight-poll-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How often each reader asks the queue for its in-flight count"
                                    + " (GetQueueAttributes, async); 100 ms .. 5 min.");

    public static final ConfigOption<Integer> SQS_MAX_CONCURRENT_DELETES =
            ConfigOptions.key("sqs.max-concurrent-deletes")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Concurrent DeleteMessageBatch calls (10 messages each) per sink"
                                    + " subtask, 1..256.");

    public static final ConfigOption<Integer> SQS_MAX_CONCURRENT_VISIBILITY_BATCHES =
            ConfigOptions.key("sqs.max-concurrent-visibility-batches")
                    .intType()
                    .defaultValue(32)
                    .withDescription(
                            "Concurrent ChangeMessageVisibilityBatch calls (10 messages each) per"
                                    + " source reader extending held messages, 1..256.");
}
