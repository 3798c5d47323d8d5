package dev.imageingest.bench;

import dev.imageingest.bench.endpoints.BenchLayout;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Puts the run's messages on the bench queue with the SDK's SendMessageBatch (10 per request, 32
 * requests in flight), before the measured JVM starts, so enqueueing costs the job nothing.
 */
final class BenchEnqueue {
    private BenchEnqueue() {}

    /** Returns the seconds it took. */
    static double run(BenchOptions o, EndpointsProcess endpoints) throws Exception {
        long start = System.nanoTime();
        Semaphore inFlight = new Semaphore(32);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (SqsAsyncClient sqs =
                SqsAsyncClient.builder()
                        .endpointOverride(URI.create(endpoints.get("sqs.endpoint")))
                        .region(Region.of(BenchLayout.REGION))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                BenchLayout.ACCESS_KEY, BenchLayout.SECRET_KEY)))
                        .httpClient(NettyNioAsyncHttpClient.builder().maxConcurrency(64).build())
                        .build()) {
            String queue = endpoints.get("sqs.queue-url");
            for (long first = 1; first <= o.messages && failure.get() == null; first += 10) {
                List<SendMessageBatchRequestEntry> batch = new ArrayList<>(10);
                for (long i = first; i < first + 10 && i <= o.messages; i++) {
                    String url =
                            BenchLayout.imageUrl(
                                    i,
                                    o.hosts,
                                    o.httpsFraction,
                                    endpoints.httpPort(),
                                    endpoints.httpsPort(),
                                    o.pool,
                                    o.pngEvery);
                    batch.add(
                            SendMessageBatchRequestEntry.builder()
                                    .id(Long.toString(i))
                                    .messageBody(BenchLayout.body(i, url))
                                    .build());
                }
                inFlight.acquire();
                sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(batch))
                        .whenComplete(
                                (r, e) -> {
                                    if (e != null) {
                                        failure.compareAndSet(null, e);
                                    } else if (!r.failed().isEmpty()) {
                                        failure.compareAndSet(
                                                null,
                                                new IllegalStateException(
                                                        "refused: " + r.failed()));
                                    }
                                    inFlight.release();
                                });
            }
            inFlight.acquire(32);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("enqueue failed", failure.get());
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
