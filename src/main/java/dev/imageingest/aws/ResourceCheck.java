package dev.imageingest.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Cheap read-only calls that prove a resource exists and this identity may use it: {@code
 * GetQueueAttributes} on a queue, {@code HeadBucket} on a bucket, {@code DescribeDeliveryStream} on
 * a delivery stream. Each completes normally or fails with a {@link ResourceException} whose
 * message is one line naming the resource and the cause. Used by the entry point before the job is
 * submitted and by the operators as they open.
 *
 * <p>What they cannot see: a KMS key the queue or bucket uses is only exercised by receives and
 * puts (those errors are classified fatal by {@link AwsErrors} and stop the job then); write
 * permissions are not probed (nothing is written just to test).
 */
public final class ResourceCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceCheck.class);

    /** Beyond the calls' own timeout: their answer, even a timeout, names the resource. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private ResourceCheck() {}

    public static CompletableFuture<Void> queue(SqsAsyncClient sqs, String queueUrl, Duration t) {
        return named(
                "SQS queue " + queueUrl,
                () ->
                        sqs.getQueueAttributes(
                                b ->
                                        b.queueUrl(queueUrl)
                                                .attributeNames(QueueAttributeName.QUEUE_ARN)
                                                .overrideConfiguration(c -> c.apiCallTimeout(t))));
    }

    public static CompletableFuture<Void> bucket(S3AsyncClient s3, String bucket, Duration t) {
        return named(
                "S3 bucket " + bucket,
                () ->
                        s3.headBucket(
                                b ->
                                        b.bucket(bucket)
                                                .overrideConfiguration(c -> c.apiCallTimeout(t))));
    }

    public static CompletableFuture<Void> deliveryStream(
            FirehoseAsyncClient firehose, String stream, Duration t) {
        return named(
                "Firehose delivery stream " + stream,
                () ->
                        firehose.describeDeliveryStream(
                                b ->
                                        b.deliveryStreamName(stream)
                                                .overrideConfiguration(c -> c.apiCallTimeout(t))));
    }

    /**
     * Waits for every check (they run in parallel) and throws one {@link ResourceException} whose
     * line names every resource that failed, whatever the kind of failure: at start-up an
     * unreachable endpoint is as final as a missing queue.
     */
    public static void awaitAll(List<CompletableFuture<Void>> checks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.plus(GRACE).toNanos();
        List<String> lines = new ArrayList<>();
        Throwable first = null;
        for (CompletableFuture<Void> check : checks) {
            Throwable error = waitFor(check, deadline);
            if (error != null) {
                lines.add(error.getMessage());
                first = first == null ? error : first;
            }
        }
        if (!lines.isEmpty()) {
            throw new ResourceException(String.join("; ", lines), first);
        }
    }

    /**
     * As an operator opens: a fatal failure (not found, access denied, credentials, KMS) is thrown;
     * anything else (unreachable, throttled, no answer in time) is logged and the operator goes on,
     * its own retries take over.
     */
    public static void atOpen(CompletableFuture<Void> check, Duration timeout) {
        Throwable error = waitFor(check, System.nanoTime() + timeout.plus(GRACE).toNanos());
        if (error == null) {
            return;
        }
        Throwable sdk = error.getSuppressed().length > 0 ? error.getSuppressed()[0] : null;
        if (sdk != null && AwsErrors.isFatal(sdk)) {
            throw (ResourceException) error;
        }
        LOG.warn("Could not check a resource as the operator opens: {}", error.getMessage());
    }

    private static Throwable waitFor(CompletableFuture<Void> check, long deadlineNanos) {
        try {
            check.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            check.cancel(true);
            return new ResourceException("a resource check got no answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ResourceException("interrupted while checking resources", e);
        }
    }

    private interface Call {
        CompletableFuture<?> start();
    }

    private static CompletableFuture<Void> named(String resource, Call call) {
        CompletableFuture<?> f;
        try {
            f = call.start();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handle(
                (ok, error) -> {
                    if (error != null) {
                        throw new ResourceException(AwsErrors.describe(resource, error), error);
                    }
                    return null;
                });
    }
}
