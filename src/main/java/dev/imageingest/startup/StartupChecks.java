package dev.imageingest.startup;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.aws.ResourceCheck;
import dev.imageingest.aws.ResourceException;
import dev.imageingest.fetch.store.S3Settings;
import dev.imageingest.sink.FirehoseSettings;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The entry point's check of every AWS resource the job needs, before it is submitted: a wrong
 * queue URL, bucket or delivery stream, missing credentials, a denied permission or an unreachable
 * endpoint stops {@code main()} with one line naming each failing resource and its cause, instead
 * of a job that restart-loops with a nested error. The checks run in parallel on short-lived
 * clients (closed here, with their HTTP clients) and take at most {@link #TIMEOUT} plus a grace.
 *
 * <p>Skipped with {@code startup.check-resources=false} where the process running {@code main()}
 * cannot reach AWS; the operators check their own resource again as they open, either way.
 */
public final class StartupChecks {
    /** Per call, the SDK's retries included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private StartupChecks() {}

    /**
     * Checks the queue, the bucket, the delivery stream and {@code extraQueueUrls} (e.g. a
     * dead-letter queue; empty when none is configured).
     *
     * @throws ResourceException naming every resource that failed
     */
    public static void run(
            SqsSourceSettings sqs,
            S3Settings s3,
            FirehoseSettings firehose,
            List<String> extraQueueUrls) {
        run(sqs, s3, firehose, extraQueueUrls, TIMEOUT);
    }

    /** {@link #run(SqsSourceSettings, S3Settings, FirehoseSettings, List)} with a given timeout. */
    public static void run(
            SqsSourceSettings sqs,
            S3Settings s3,
            FirehoseSettings firehose,
            List<String> extraQueueUrls,
            Duration timeout) {
        List<String> queues = new ArrayList<>();
        queues.add(sqs.queueUrl());
        queues.addAll(extraQueueUrls);
        try (SqsAsyncClient sqsClient = AwsClients.sqs(sqs.aws(), sqs.endpoint(), 4);
                S3AsyncClient s3Client =
                        AwsClients.s3(s3.aws(), s3.endpoint(), s3.pathStyleAccess(), 2);
                FirehoseAsyncClient firehoseClient =
                        AwsClients.firehose(firehose.aws(), firehose.endpoint(), 2)) {
            List<CompletableFuture<Void>> checks = new ArrayList<>();
            for (String queue : queues) {
                checks.add(ResourceCheck.queue(sqsClient, queue, timeout));
            }
            checks.add(ResourceCheck.bucket(s3Client, s3.bucket(), timeout));
            checks.add(
                    ResourceCheck.deliveryStream(
                            firehoseClient, firehose.deliveryStream(), timeout));
            ResourceCheck.awaitAll(checks, timeout);
        }
    }
}
