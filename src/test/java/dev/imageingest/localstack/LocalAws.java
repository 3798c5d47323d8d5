package dev.imageingest.localstack;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.aws.AwsSettings;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Region and static credentials shared by every client of the local stack, so tests, the demo and
 * the job all talk to the emulators with the same settings.
 */
public final class LocalAws {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";

    private LocalAws() {}

    /** BASIC credentials {@code local}/{@code local} in {@code us-east-1}. */
    public static AwsSettings settings() {
        return new AwsSettings(REGION, "BASIC", ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** An SQS client for a local endpoint; the caller closes it. */
    public static SqsAsyncClient sqs(String endpoint) {
        return AwsClients.sqs(settings(), endpoint, 64);
    }

    /** A path-style S3 client for a local endpoint; the caller closes it. */
    public static S3AsyncClient s3(String endpoint) {
        return AwsClients.s3(settings(), endpoint, true, 64);
    }

    /** A Firehose client for a local endpoint; the caller closes it. */
    public static FirehoseAsyncClient firehose(String endpoint) {
        return FirehoseAsyncClient.builder()
                .region(software.amazon.awssdk.regions.Region.of(REGION))
                .credentialsProvider(AwsClients.credentials(settings()))
                .httpClient(AwsClients.nettyHttpClient(16))
                .endpointOverride(java.net.URI.create(endpoint))
                .build();
    }
}
