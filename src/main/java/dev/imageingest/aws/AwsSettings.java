package dev.imageingest.aws;

import java.io.Serializable;

/**
 * Region and credentials shared by the SQS, S3 and Firehose clients.
 *
 * @param credentialsProvider {@code AUTO} (default chain) or {@code BASIC} (static keys)
 */
public record AwsSettings(
        String region, String credentialsProvider, String accessKeyId, String secretAccessKey)
        implements Serializable {

    /**
     * Credentials from the SDK's default provider chain (value of {@code
     * aws.credentials.provider}).
     */
    public static final String AUTO = "AUTO";

    /** Static access key and secret (value of {@code aws.credentials.provider}). */
    public static final String BASIC = "BASIC";

    /** Credentials from the SDK's default provider chain (environment, profile, instance role). */
    public static AwsSettings defaultChain(String region) {
        return new AwsSettings(region, AUTO, null, null);
    }

    /** Static access key and secret. */
    public static AwsSettings staticKeys(
            String region, String accessKeyId, String secretAccessKey) {
        return new AwsSettings(region, BASIC, accessKeyId, secretAccessKey);
    }

    /** True when static keys are configured. */
    public boolean staticKeysConfigured() {
        return BASIC.equals(credentialsProvider);
    }

    @Override
    public String toString() {
        // never log the secret
        return "AwsSettings[region="
                + region
                + ", credentialsProvider="
                + credentialsProvider
                + "]";
    }
}
