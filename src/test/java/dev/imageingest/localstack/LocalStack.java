package dev.imageingest.localstack;

import static dev.imageingest.aws.AwsConfigOptions.*;
import static dev.imageingest.config.IngestOptions.*;
import static dev.imageingest.fetch.config.FetchOptions.*;
import static dev.imageingest.fetch.store.S3Options.*;
import static dev.imageingest.fetch.tls.TlsOptions.*;
import static dev.imageingest.sink.FirehoseOptions.*;
import static dev.imageingest.source.sqs.config.SqsSourceOptions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local stack in this process: SQS (queue {@value #QUEUE}), S3 (buckets {@value
 * #IMAGE_BUCKET} and {@value #RECORD_BUCKET}), a Firehose emulator (stream {@value #STREAM}
 * delivering to {@value #RECORD_BUCKET}), an image host and a dead-letter queue ({@value
 * #DEAD_LETTER_QUEUE}). {@link #jobConfig()} is a job configuration that points at all of them.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    public static final String QUEUE = "images";
    public static final String DEAD_LETTER_QUEUE = "images-dlq";
    public static final String IMAGE_BUCKET = "images";
    public static final String RECORD_BUCKET = "path-records";
    public static final String STREAM = "path-records";

    private final LocalSqs sqs;
    private final LocalS3 s3;
    private final FirehoseEmulator firehose;
    private final ImageHost images;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    /** Delivered objects never change, so their lines are read once. */
    private final BucketLines delivered;

    /** Lines of the objects the emulator reported as written, in write order. */
    private final List<String> writtenLines =
            java.util.Collections.synchronizedList(new ArrayList<>());

    private LocalStack(LocalSqs sqs, LocalS3 s3, FirehoseEmulator firehose, ImageHost images) {
        this.sqs = sqs;
        this.s3 = s3;
        this.firehose = firehose;
        this.images = images;
        this.delivered = new BucketLines(s3.client(), RECORD_BUCKET);
        this.queueUrl = sqs.createQueue(QUEUE);
        this.deadLetterQueueUrl = sqs.createQueue(DEAD_LETTER_QUEUE);
        firehose.createDeliveryStream(STREAM, RECORD_BUCKET, "");
        firehose.setDeliveryListener(
                o ->
                        writtenLines.addAll(
                                new String(o.data(), StandardCharsets.UTF_8).lines().toList()));
    }

    /** Starts every server (S3 and SQS in parallel); stops those started if one fails. */
    public static LocalStack start() {
        CompletableFuture<LocalS3> s3 =
                CompletableFuture.supplyAsync(() -> LocalS3.start(IMAGE_BUCKET, RECORD_BUCKET));
        LocalSqs sqs = null;
        FirehoseEmulator firehose = null;
        ImageHost images = null;
        try {
            sqs = LocalSqs.start();
            images = ImageHost.start();
            LocalS3 started = s3.join();
            firehose = FirehoseEmulator.start(started.client());
            return new LocalStack(sqs, started, firehose, images);
        } catch (RuntimeException e) {
            closeQuietly(firehose);
            closeQuietly(images);
            closeQuietly(sqs);
            s3.thenAccept(LocalStack::closeQuietly);
            throw e;
        }
    }

    /** Job configuration for {@code IngestConfig.of(...)} pointing at this stack. */
    public Map<String, String> jobConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(AWS_REGION.key(), LocalAws.REGION);
        c.put(AWS_CREDENTIALS_PROVIDER.key(), dev.imageingest.aws.AwsSettings.BASIC);
        c.put(AWS_ACCESS_KEY_ID.key(), LocalAws.ACCESS_KEY_ID);
        c.put(AWS_SECRET_ACCESS_KEY.key(), LocalAws.SECRET_ACCESS_KEY);
        c.put(SQS_QUEUE_URL.key(), queueUrl);
        c.put(SQS_ENDPOINT.key(), sqs.endpoint());
        c.put(SQS_WAIT_TIME.key(), "2s");
        c.put(S3_BUCKET.key(), IMAGE_BUCKET);
        c.put(S3_ENDPOINT.key(), s3.endpoint());
        c.put(S3_PATH_STYLE.key(), "true");
        c.put(FIREHOSE_STREAM.key(), STREAM);
        c.put(FIREHOSE_ENDPOINT.key(), firehose.endpoint());
        c.put(FIREHOSE_MAX_TIME_IN_BUFFER.key(), "500ms");
        c.put(FETCH_ALLOW_LIST.key(), "127.0.0.1/32," + ImageHost.TLS_HOST);
        c.put(FETCH_ALLOWED_PORTS.key(), "80,443," + images.port() + "," + images.httpsPort());
        c.put(FETCH_TLS_TRUST_STORE.key(), images.trustStore().toString());
        c.put(FETCH_TLS_TRUST_STORE_PASSWORD.key(), dev.imageingest.fetch.tls.TestPki.PASSWORD);
        c.put(FETCH_RETRY_BASE_DELAY.key(), "100ms");
        c.put(FETCH_RETRY_MAX_DELAY.key(), "1s");
        c.put(FETCH_PER_HOST_CONCURRENCY.key(), "32");
        c.put(CHECKPOINT_INTERVAL.key(), "2s");
        // transient failures (the host's /error/ URLs) come back within seconds, not hours
        c.put(dev.imageingest.retry.RetryOptions.RETRY_INITIAL_BACKOFF.key(), "1s");
        c.put(dev.imageingest.retry.RetryOptions.RETRY_MAX_BACKOFF.key(), "1s");
        c.put(dev.imageingest.retry.RetryOptions.RETRY_MAX_RECEIVES.key(), "4");
        c.put(dev.imageingest.retry.RetryOptions.DLQ_QUEUE_URL.key(), deadLetterQueueUrl);
        return c;
    }

    public LocalSqs sqs() {
        return sqs;
    }

    public LocalS3 s3() {
        return s3;
    }

    public FirehoseEmulator firehose() {
        return firehose;
    }

    public ImageHost images() {
        return images;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    /** Messages in the dead-letter queue (visible plus in flight). */
    public int deadLetterDepth() {
        return sqs.depth(deadLetterQueueUrl).total();
    }

    /**
     * Lines of every object the Firehose emulator has written so far, as it reported them: cheap,
     * for progress. {@link #readDeliveredLines()} reads what S3 actually holds.
     */
    public List<String> writtenLines() {
        synchronized (writtenLines) {
            return List.copyOf(writtenLines);
        }
    }

    /** Every line of every object delivered to {@value #RECORD_BUCKET} so far. */
    public List<String> readDeliveredLines() {
        return delivered.read();
    }

    /** Visible plus in-flight (received, not yet deleted) messages of the queue. */
    public int queueDepth() {
        return sqs.depth(queueUrl).total();
    }

    /** Stops every server; the Firehose emulator first flushes its buffers. */
    @Override
    public void close() {
        closeQuietly(firehose);
        closeQuietly(images);
        closeQuietly(sqs);
        closeQuietly(s3);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed", c.getClass().getSimpleName(), e);
        }
    }
}
