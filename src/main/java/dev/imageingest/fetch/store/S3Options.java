package dev.imageingest.fetch.store;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Keys of the S3 image store ({@code s3.*}). Read into {@link S3Settings}.
 *
 * <p>Declared next to the stage that reads them, so a stage's keys, defaults and descriptions
 * change with its code; {@code IngestOptions.all()} gathers this class with the others, to reject
 * unknown keys at start-up and to render the README configuration table.
 */
public final class S3Options {
    private S3Options() {}

    public static final ConfigOption<String> S3_BUCKET =
            ConfigOptions.key("s3.bucket")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Bucket the images are written to. Required.");

    public static final ConfigOption<String> S3_KEY_PREFIX =
            ConfigOptions.key("s3.key-prefix")
                    .stringType()
                    .defaultValue("images")
                    .withDescription(
                            "Key prefix; objects land at"
                                    + " <prefix>/<sha256[0:2]>/<sha256[2:4]>/<sha256>.<ext>.");

    public static final ConfigOption<String> S3_ENDPOINT =
            ConfigOptions.key("s3.endpoint")
                    .stringType()
                    .defaultValue("")
                    .withDescription("S3 endpoint override; empty uses the region's endpoint.");

    public static final ConfigOption<Boolean> S3_PATH_STYLE =
            ConfigOptions.key("s3.path-style-access")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Use path-style bucket addressing (needed by most emulators).");

    public static final ConfigOption<Integer> S3_MAX_CONCURRENCY =
            ConfigOptions.key("s3.max-concurrency")
                    .intType()
                    .defaultValue(256)
                    .withDescription("Maximum concurrent S3 requests per fetch subtask.");

    public static final ConfigOption<String> S3_CLIENT =
            ConfigOptions.key("s3.client")
                    .stringType()
                    .defaultValue("direct")
                    .withDescription(
                            "Client for the image PUTs: 'direct' (the job's own keep-alive HTTP"
                                    + " client, requests signed by the AWS SDK's SigV4 signer,"
                                    + " UNSIGNED-PAYLOAD with the x-amz-checksum-sha256 S3"
                                    + " verifies; about a third of the SDK's CPU per object) or"
                                    + " 'sdk' (the AWS SDK's S3 async client; use it for FIPS or"
                                    + " dual-stack endpoints, which 'direct' does not resolve by"
                                    + " itself).");
}
