package dev.imageingest.sink;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Keys of the Firehose sink of the path records ({@code firehose.*}). Read into {@link
 * FirehoseSettings}.
 *
 * <p>Declared next to the stage that reads them, so a stage's keys, defaults and descriptions
 * change with its code; {@code IngestOptions.all()} gathers this class with the others, to reject
 * unknown keys at start-up and to render the README configuration table.
 */
public final class FirehoseOptions {
    private FirehoseOptions() {}

    public static final ConfigOption<String> FIREHOSE_STREAM =
            ConfigOptions.key("firehose.delivery-stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Firehose delivery stream receiving the JSONL path records. Required.");

    public static final ConfigOption<String> FIREHOSE_ENDPOINT =
            ConfigOptions.key("firehose.endpoint")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Firehose endpoint override; empty uses the region's endpoint.");

    public static final ConfigOption<Integer> FIREHOSE_MAX_BATCH_SIZE =
            ConfigOptions.key("firehose.max-batch-size")
                    .intType()
                    .defaultValue(500)
                    .withDescription("Records per PutRecordBatch, 1..500.");

    public static final ConfigOption<Integer> FIREHOSE_MAX_IN_FLIGHT =
            ConfigOptions.key("firehose.max-in-flight-requests")
                    .intType()
                    .defaultValue(16)
                    .withDescription("Concurrent PutRecordBatch requests per sink subtask.");

    public static final ConfigOption<Integer> FIREHOSE_MAX_BUFFERED =
            ConfigOptions.key("firehose.max-buffered-requests")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription("Records buffered per sink subtask before back-pressure.");

    public static final ConfigOption<Duration> FIREHOSE_MAX_TIME_IN_BUFFER =
            ConfigOptions.key("firehose.max-time-in-buffer")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("Longest a record waits in the sink buffer before a flush.");
}
