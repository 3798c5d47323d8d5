package dev.imageingest.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** The one place AWS SDK async clients are configured (region, endpoint, credentials, Netty). */
public final class AwsClients {
    private AwsClients() {}

    public static AwsCredentialsProvider credentials(AwsSettings aws) {
        if (aws.staticKeysConfigured()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()));
        }
        // refresh in the background: a synchronous refresh would run on whichever thread calls
        // the client first after expiry, possibly a Flink task thread
        return DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(true).build();
    }

    /** A Netty (non-blocking) HTTP client for the SDK with the given connection ceiling. */
    public static SdkAsyncHttpClient nettyHttpClient(int maxConcurrency) {
        return NettyNioAsyncHttpClient.builder()
                .maxConcurrency(maxConcurrency)
                .maxPendingConnectionAcquires(Math.max(10_000, maxConcurrency * 4))
                .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
    }

    public static SqsAsyncClient sqs(AwsSettings aws, String endpoint, int maxConcurrency) {
        return configure(SqsAsyncClient.builder(), aws, endpoint, maxConcurrency).build();
    }

    public static S3AsyncClient s3(
            AwsSettings aws, String endpoint, boolean pathStyle, int maxConcurrency) {
        return configure(S3AsyncClient.builder(), aws, endpoint, maxConcurrency)
                .forcePathStyle(pathStyle)
                .build();
    }

    private static <B extends AwsAsyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
            B builder, AwsSettings aws, String endpoint, int maxConcurrency) {
        builder.region(Region.of(aws.region()))
                .credentialsProvider(credentials(aws))
                .httpClient(nettyHttpClient(maxConcurrency));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }
}
