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
