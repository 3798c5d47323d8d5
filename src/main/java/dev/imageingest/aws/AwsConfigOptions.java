package dev.imageingest.aws;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Region and credentials of the AWS clients ({@code aws.*}), shared by the SQS source, the S3 store
 * and the Firehose sink. Read by {@link AwsSettings}.
 *
 * <p>Declared next to the stage that reads them, so a stage's keys, defaults and descriptions
 * change with its code; {@code IngestOptions.all()} gathers this class with the others, to reject
 * unknown keys at start-up and to render the README configuration table.
 */
public final class AwsConfigOptions {
    private AwsConfigOptions() {}

    public static final ConfigOption<String> AWS_REGION =
            ConfigOptions.key("aws.region")
                    .stringType()
                    .defaultValue("us-east-1")
                    .withDescription("AWS region of the queue, bucket and delivery stream.");

    public static final ConfigOption<String> AWS_CREDENTIALS_PROVIDER =
            ConfigOptions.key("aws.credentials.provider")
                    .stringType()
                    .defaultValue(AwsSettings.AUTO)
                    .withDescription(
                            "AUTO uses the default AWS credentials chain (instance/task role,"
                                    + " environment, profile); BASIC uses"
                                    + " aws.credentials.access-key-id and"
                                    + " aws.credentials.secret-access-key.");

    public static final ConfigOption<String> AWS_ACCESS_KEY_ID =
            ConfigOptions.key("aws.credentials.access-key-id")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Access key id, only with aws.credentials.provider=BASIC.");

    public static final ConfigOption<String> AWS_SECRET_ACCESS_KEY =
            ConfigOptions.key("aws.credentials.secret-access-key")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Secret access key, only with aws.credentials.provider=BASIC.");
}
