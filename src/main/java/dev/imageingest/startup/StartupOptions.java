package dev.imageingest.startup;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Keys of the checks the entry point runs before submitting ({@code startup.*}); see {@link
 * StartupChecks}.
 *
 * <p>Declared next to the stage that reads them, so a stage's keys, defaults and descriptions
 * change with its code; {@code IngestOptions.all()} gathers this class with the others, to reject
 * unknown keys at start-up and to render the README configuration table.
 */
public final class StartupOptions {
    private StartupOptions() {}

    public static final ConfigOption<Boolean> STARTUP_CHECK_RESOURCES =
            ConfigOptions.key("startup.check-resources")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Before submitting, the entry point checks the queue"
                                    + " (GetQueueAttributes), bucket (HeadBucket) and delivery"
                                    + " stream (DescribeDeliveryStream) and stops with one line"
                                    + " naming the resource and the cause (not found, access"
                                    + " denied, no credentials, KMS, unreachable). Set false where"
                                    + " the process running main() cannot reach AWS. Readers,"
                                    + " fetchers and sinks check their resource again when they"
                                    + " open, whatever this says.");
}
