package dev.imageingest.localstack;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.aws.AwsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Region and static credentials shared by every client of the local stack, so tests, the demo and
 * the job all talk to the emulators with the same settings.
 *
 * <p>Clients built here get their own Netty event loop, not the SDK's process-wide shared one: a
 * Flink job in the same JVM would otherwise start those threads with its user-code class loader as
 * context loader, and they would fail (XML parsing needs it) once the job ends and that loader is
 * closed.
 */
public final class LocalAws {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";

    private LocalAws() {}

    /** BASIC credentials {@code local}/{@code local} in {@code us-east-1}. */
    public static AwsSettings settings() {
        return AwsSettings.staticKeys(REGION, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** An SQS client for a local endpoint; the caller closes it. */
    public static SqsAsyncClient sqs(String endpoint) {
        return SqsAsyncClient.builder()
                .region(Region.of(REGION))
                .credentialsProvider(AwsClients.credentials(settings()))
                .httpClient(httpClient("local-sqs"))
                .endpointOverride(URI.create(endpoint))
                .build();
    }

    /** A path-style S3 client for a local endpoint; the caller closes it. */
    public static S3AsyncClient s3(String endpoint) {
        return S3AsyncClient.builder()
                .region(Region.of(REGION))
                .credentialsProvider(AwsClients.credentials(settings()))
                .httpClient(httpClient("local-s3"))
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .build();
    }

    /** A Firehose client for a local endpoint; the caller closes it. */
    public static FirehoseAsyncClient firehose(String endpoint) {
        return FirehoseAsyncClient.builder()
                .region(Region.of(REGION))
                .credentialsProvider(AwsClients.credentials(settings()))
                .httpClient(httpClient("local-firehose"))
                .endpointOverride(URI.create(endpoint))
                .build();
    }

    /** A Netty client on a private two-thread event loop (closed with the client). */
    private static SdkAsyncHttpClient httpClient(String name) {
        return NettyNioAsyncHttpClient.builder()
                .eventLoopGroupBuilder( // built, owned and closed by the HTTP client
                        SdkEventLoopGroup.builder().numberOfThreads(2).threadFactory(threads(name)))
                .maxConcurrency(64)
                .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                .build();
    }

    private static ThreadFactory threads(String name) {
        ClassLoader loader = LocalAws.class.getClassLoader();
        AtomicInteger seq = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        };
    }
}
