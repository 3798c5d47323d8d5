package dev.imageingest.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.aws.ResourceException;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.fetch.store.S3ImageStore;
import dev.imageingest.fetch.store.S3Options;
import dev.imageingest.localstack.LocalStack;
import dev.imageingest.sink.FirehoseOptions;
import dev.imageingest.sink.FirehoseSinks;
import dev.imageingest.source.sqs.config.SqsSourceOptions;
import dev.imageingest.source.sqs.reader.SqsSourceReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A wrong setup stops at start-up with one line naming the resource and the cause, against the real
 * local stack (ElasticMQ, S3Mock, the Firehose emulator): in the entry point before the job is
 * submitted, and again as the reader, the fetcher's store and the sink open.
 */
class StartupChecksTest {
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Map<String, String> config(String key, String value) {
        Map<String, String> c = new HashMap<>(stack.jobConfig());
        if (key != null) {
            c.put(key, value);
        }
        return c;
    }

    private static String[] args(Map<String, String> config) {
        List<String> args = new ArrayList<>();
        config.forEach(
                (k, v) -> {
                    args.add("--" + k);
                    args.add(v);
                });
        return args.toArray(String[]::new);
    }

    private static String missingQueue() {
        return stack.sqs().endpoint() + "/000000000000/no-such-queue";
    }

    @Test
    void aCorrectSetupPasses() {
        ImageIngestJob.checkResources(IngestConfig.of(config(null, null)), List.of());
    }

    @Test
    void aWrongQueueUrlStopsTheEntryPointWithOneLine() {
        assertThatThrownBy(
                        () ->
                                ImageIngestJob.main(
                                        args(
                                                config(
                                                        SqsSourceOptions.SQS_QUEUE_URL.key(),
                                                        missingQueue()))))
                .isInstanceOf(ResourceException.class)
                .hasMessageStartingWith("SQS queue " + missingQueue() + ": not found (")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @Test
    void aMissingBucketStopsTheEntryPointWithOneLine() {
        assertThatThrownBy(
                        () ->
                                ImageIngestJob.main(
                                        args(config(S3Options.S3_BUCKET.key(), "no-bucket"))))
                .isInstanceOf(ResourceException.class)
                .hasMessageStartingWith("S3 bucket no-bucket: not found")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aMissingDeliveryStreamStopsTheEntryPointWithOneLine() {
        assertThatThrownBy(
                        () ->
                                ImageIngestJob.main(
                                        args(
                                                config(
                                                        FirehoseOptions.FIREHOSE_STREAM.key(),
                                                        "no-stream"))))
                .isInstanceOf(ResourceException.class)
                .hasMessageStartingWith("Firehose delivery stream no-stream: not found (")
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anExtraQueueSuchAsADeadLetterQueueIsCheckedToo() {
        IngestConfig good = IngestConfig.of(config(null, null));
        assertThatThrownBy(() -> ImageIngestJob.checkResources(good, List.of(missingQueue())))
                .isInstanceOf(ResourceException.class)
                .hasMessageStartingWith("SQS queue " + missingQueue() + ": not found");
        ImageIngestJob.checkResources(good, List.of(stack.queueUrl()));
    }

    @Test
    void anUnreachableEndpointAndEveryFailingResourceAreNamedOnOneLine() throws IOException {
        String closed = "http://127.0.0.1:" + freePort();
        Map<String, String> c = config(SqsSourceOptions.SQS_ENDPOINT.key(), closed);
        c.put(FirehoseOptions.FIREHOSE_STREAM.key(), "no-stream");
        assertThatThrownBy(() -> run(IngestConfig.of(c), Duration.ofSeconds(5)))
                .isInstanceOf(ResourceException.class)
                // refused at once, or (on a loaded machine) no answer within the timeout
                .hasMessageMatching(
                        "SQS queue "
                                + Pattern.quote(stack.queueUrl())
                                + ": (endpoint unreachable|no answer in time) \\(.*")
                .hasMessageContaining("; Firehose delivery stream no-stream: not found")
                .hasMessageNotContaining("\n");
    }

    @Test
    void theCheckCanBeSkippedWhereMainCannotReachAws() {
        Map<String, String> c = config(FirehoseOptions.FIREHOSE_STREAM.key(), "no-stream");
        c.put(StartupOptions.STARTUP_CHECK_RESOURCES.key(), "false");
        ImageIngestJob.checkResources(IngestConfig.of(c), List.of());
    }

    @Test
    void operatorsCheckTheirResourceAgainAsTheyOpen() {
        IngestConfig badStream =
                IngestConfig.of(config(FirehoseOptions.FIREHOSE_STREAM.key(), "no-stream"));
        assertThatThrownBy(() -> FirehoseSinks.deliveryStreamCheck(badStream.firehose()).run())
                .isInstanceOf(ResourceException.class)
                .hasMessageStartingWith("Firehose delivery stream no-stream: not found");

        IngestConfig badBucket = IngestConfig.of(config(S3Options.S3_BUCKET.key(), "nob"));
        try (S3ImageStore store = new S3ImageStore(badBucket.s3())) {
            assertThatThrownBy(store::checkBucket)
                    .isInstanceOf(ResourceException.class)
                    .hasMessageStartingWith("S3 bucket nob: not found");
        }

        IngestConfig badQueue =
                IngestConfig.of(config(SqsSourceOptions.SQS_QUEUE_URL.key(), missingQueue()));
        assertThatThrownBy(() -> new SqsSourceReader(badQueue.sqs(), new TestingReaderContext()))
                .hasMessageStartingWith("SQS queue " + missingQueue() + ": not found");

        // and an unreachable endpoint at open is only logged: the operator's retries take over
        IngestConfig good = IngestConfig.of(config(null, null));
        FirehoseSinks.deliveryStreamCheck(good.firehose()).run();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void run(IngestConfig config, Duration timeout) {
        StartupChecks.run(config.sqs(), config.s3(), config.firehose(), List.of(), timeout);
    }
}
