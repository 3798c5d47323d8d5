package dev.imageingest.aws;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The one place AWS SDK async clients are configured (region, endpoint, credentials, Netty).
 *
 * <p>Resources: each client gets its HTTP client through {@code httpClientBuilder(...)}, so the SDK
 * owns it and {@code client.close()} also closes its Netty event loops and sockets (an HTTP client
 * passed with {@code httpClient(...)} is never closed by the SDK, and every task restart leaked
 * one). The default credentials chain, which refreshes in the background on a thread of its own, is
 * created once per JVM and shared by every client and every restart, and so is the SDK's timer pool
 * (see {@link #SCHEDULER}).
 */
public final class AwsClients {
    private static final Object LOCK = new Object();
    private static volatile AwsCredentialsProvider sharedDefault;

    /** Threads of {@link #SCHEDULER}; the SDK's default is 5 per client. */
    private static final int SCHEDULER_THREADS = 4;

    /**
     * The SDK's timer (API call timeouts, retry back-off) for every client of this JVM, instead of
     * a 5-thread pool per client. Why: a client closed with calls in flight (every failover and
     * cancel) only {@code shutdown()}s its own pool, which then keeps its threads until the last
     * pending timeout fires (for the image store's puts, up to the store timeout, minutes), so a
     * restart loop piled up 5 threads per restart (RestartResourcesITCase). This pool is not closed
     * by the SDK; cancelled timeouts leave its queue at once and its threads end after 30 s without
     * work, so nothing here pins a job's class loader once its clients are gone.
     */
    private static final ScheduledThreadPoolExecutor SCHEDULER = newScheduler();

    private AwsClients() {}

    public static AwsCredentialsProvider credentials(AwsSettings aws) {
        if (aws.staticKeysConfigured()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()));
        }
        return sharedDefaultCredentials();
    }

    /**
     * The default credentials chain (Managed Flink's role, instance profile, environment, ...), one
     * per JVM. It refreshes in the background: a synchronous refresh would run on whichever thread
     * calls a client first after expiry, possibly a Flink task thread.
     */
    private static AwsCredentialsProvider sharedDefaultCredentials() {
        AwsCredentialsProvider p = sharedDefault;
        if (p == null) {
            synchronized (LOCK) {
                p = sharedDefault;
                if (p == null) {
                    p =
                            DefaultCredentialsProvider.builder()
                                    .asyncCredentialUpdateEnabled(true)
                                    .build();
                    sharedDefault = p;
                }
            }
        }
        return new Shared(p);
    }

    /**
     * A view of the shared chain that a client cannot close: an SDK client closes a credentials
     * provider it is given when the provider is closeable, which would stop the shared one for
     * every other client.
     */
    private static final class Shared implements AwsCredentialsProvider {
        private final AwsCredentialsProvider delegate;

        Shared(AwsCredentialsProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            return delegate.resolveCredentials();
        }

        @Override
        public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(
                ResolveIdentityRequest request) {
            return delegate.resolveIdentity(request).thenApply(c -> c);
        }
    }

    /**
     * How long the SDK's Netty clients keep an idle connection. The SDK's default (5 s) is shorter
     * than the checkpoint interval: SQS deletes come in a burst at every checkpoint, so their
     * connections idled out and were reopened every time (the benchmark counted 3,106 SQS and 1,291
     * S3 connections for 200,000 images). 30 s keeps them across checkpoints; a connection the
     * server closed meanwhile is detected before reuse, or its request is retried by the SDK.
     */
    public static final Duration CONNECTION_MAX_IDLE = Duration.ofSeconds(30);

    /** A Netty (non-blocking) HTTP client builder for the SDK with the given connection ceiling. */
    public static SdkAsyncHttpClient.Builder<NettyNioAsyncHttpClient.Builder> nettyHttpClient(
            int maxConcurrency) {
        return NettyNioAsyncHttpClient.builder()
                .maxConcurrency(maxConcurrency)
                .connectionMaxIdleTime(CONNECTION_MAX_IDLE)
                .maxPendingConnectionAcquires(Math.max(10_000, maxConcurrency * 4))
                .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                .connectionTimeout(Duration.ofSeconds(10));
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

    public static FirehoseAsyncClient firehose(
            AwsSettings aws, String endpoint, int maxConcurrency) {
        return configure(FirehoseAsyncClient.builder(), aws, endpoint, maxConcurrency).build();
    }

    private static ScheduledThreadPoolExecutor newScheduler() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool =
                new ScheduledThreadPoolExecutor(
                        SCHEDULER_THREADS,
                        r -> {
                            Thread t = new Thread(r, "aws-sdk-timer-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        pool.setRemoveOnCancelPolicy(true);
        pool.setKeepAliveTime(30, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static <B extends AwsAsyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
            B builder, AwsSettings aws, String endpoint, int maxConcurrency) {
        builder.overrideConfiguration(o -> o.scheduledExecutorService(SCHEDULER))
                .region(Region.of(aws.region()))
                .credentialsProvider(credentials(aws))
                .httpClientBuilder(
                        nettyHttpClient(maxConcurrency)); // owned and closed by the client
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }
}
