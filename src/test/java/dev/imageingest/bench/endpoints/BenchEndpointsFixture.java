package dev.imageingest.bench.endpoints;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Endpoints for the protocol tests (no latency, a small pool) and SDK clients pointing at them. */
final class BenchEndpointsFixture {
    private BenchEndpointsFixture() {}

    private static BenchEndpoints shared;

    /**
     * One instance for all protocol test classes (start-up generates certificates and images);
     * tests use their own queues, buckets and streams except the check test, which owns the bench
     * ones. Closed when the test JVM exits.
     */
    static synchronized BenchEndpoints shared() {
        if (shared == null) {
            shared =
                    BenchEndpoints.start(
                            new BenchEndpoints.Options(0, 0, 3, 10, "20k:3,200k:1", 10, 1));
            BenchEndpoints e = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(e::close));
        }
        return shared;
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(BenchLayout.ACCESS_KEY, BenchLayout.SECRET_KEY));
    }

    static SqsAsyncClient sqs(BenchEndpoints e) {
        return SqsAsyncClient.builder()
                .endpointOverride(URI.create(e.sqsEndpoint()))
                .region(Region.of(BenchLayout.REGION))
                .credentialsProvider(credentials())
                .httpClient(NettyNioAsyncHttpClient.builder().build())
                .build();
    }

    static S3AsyncClient s3(BenchEndpoints e) {
        return S3AsyncClient.builder()
                .endpointOverride(URI.create(e.s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.of(BenchLayout.REGION))
                .credentialsProvider(credentials())
                .httpClient(NettyNioAsyncHttpClient.builder().build())
                .build();
    }

    static FirehoseAsyncClient firehose(BenchEndpoints e) {
        return FirehoseAsyncClient.builder()
                .endpointOverride(URI.create(e.firehoseEndpoint()))
                .region(Region.of(BenchLayout.REGION))
                .credentialsProvider(credentials())
                .httpClient(NettyNioAsyncHttpClient.builder().build())
                .build();
    }
}
