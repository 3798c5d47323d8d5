package dev.imageingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.ImageIngestJob;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.config.IngestOptions;
import dev.imageingest.localstack.LocalStack;
import dev.imageingest.localstack.SampleCatalog;
import dev.imageingest.localstack.SampleCatalog.SampleMessage;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.RecordIds;
import dev.imageingest.sink.PathRecordJson;
import dev.imageingest.source.sqs.config.SqsSourceOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The production job graph (SQS source, fetch, Firehose sink) on a MiniCluster against the local
 * stack's protocol servers: every message ends as exactly one path record with the expected status,
 * every OK image is in S3 with the recorded hash, Firehose objects are JSONL, and the queue is
 * empty after checkpoints, while the job keeps running; messages are deleted only after Firehose
 * acknowledged their records. Firehose faults (throttling, an outage, a wrong stream name) are in
 * {@code faults.FirehoseFaultsITCase}.
 */
class ImageIngestPipelineITCase {
    private static final int MESSAGES = 300;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private LocalStack stack;

    @BeforeEach
    void startStack() {
        stack = LocalStack.start();
    }

    @AfterEach
    void stopStack() {
        stack.close();
    }

    @Test
    void everyMessageEndsAsExactlyOneRecordAndIsDeletedAfterItsCheckpoint() throws Exception {
        List<SampleMessage> samples = SampleCatalog.generate(stack.images(), MESSAGES);
        assertThat(samples.stream().map(SampleMessage::expected).distinct())
                .as("the sample mix covers good, failing and invalid messages")
                .contains(
                        FetchStatus.OK,
                        FetchStatus.HTTP_404,
                        FetchStatus.NOT_AN_IMAGE,
                        FetchStatus.INVALID_MESSAGE);
        stack.sqs().sendAll(stack.queueUrl(), samples.stream().map(SampleMessage::body).toList());

        Map<String, String> values = new HashMap<>(stack.jobConfig());
        values.put(IngestOptions.PARALLELISM.key(), "2");
        values.put(IngestOptions.CHECKPOINT_INTERVAL.key(), "1s");
        IngestConfig config = IngestConfig.of(values);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ImageIngestJob.configure(env, config);
        JobClient job = env.executeAsync("image-ingest-itcase");
        try {
            await(
                    Duration.ofMinutes(3),
                    () -> stack.readDeliveredLines().size() >= MESSAGES,
                    () -> "delivered " + stack.readDeliveredLines().size() + " of " + MESSAGES);
            await(
                    Duration.ofMinutes(1),
                    () -> stack.queueDepth() == 0,
                    () -> "queue depth " + stack.queueDepth() + " after delivery");
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS))
                    .as("invalid messages and failing URLs do not stop the job")
                    .isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }

        List<JsonNode> records = new ArrayList<>();
        for (String line : stack.readDeliveredLines()) {
            records.add(MAPPER.readTree(line)); // every delivered line is one JSON object
        }
        assertThat(records).as("one record per message, none twice").hasSize(MESSAGES);

        Map<String, JsonNode> byId =
                records.stream()
                        .collect(
                                Collectors.toMap(
                                        r -> r.get(PathRecordJson.RECORD_ID).asText(), r -> r));
        assertThat(byId).hasSize(MESSAGES);
        assertThat(
                        records.stream()
                                .filter(
                                        r ->
                                                r.get(PathRecordJson.URL)
                                                        .asText()
                                                        .startsWith("https://"))
                                .filter(r -> r.get(PathRecordJson.STATUS).asText().equals("OK")))
                .as("https images stored, verified against the stack's CA")
                .isNotEmpty();
        for (SampleMessage sample : samples) {
            JsonNode r = byId.get(sample.recordId());
            assertThat(r).as("record for %s", sample.body()).isNotNull();
            assertThat(r.get(PathRecordJson.STATUS).asText())
                    .as("status of %s", sample.body())
                    .isEqualTo(sample.expected().name());
            if (sample.expected() == FetchStatus.OK) {
                assertStoredWithRecordedHash(r);
            } else {
                assertThat(r.get(PathRecordJson.S3_PATH).isNull()).isTrue();
                assertThat(r.get(PathRecordJson.ERROR).asText()).isNotBlank();
            }
        }
    }

    /**
     * The Firehose sink sends on its own (buffer time, batch size), but a message is deleted only
     * at a checkpoint, after the acking sink has drained the Firehose writer and every record
     * written so far is acknowledged.
     */
    @Test
    void messagesAreDeletedOnlyAtACheckpointAfterFirehoseAcknowledgedTheirRecords(
            @InjectClusterClient ClusterClient<?> cluster) throws Exception {
        List<SampleMessage> samples = SampleCatalog.generate(stack.images(), 60);
        stack.sqs().sendAll(stack.queueUrl(), samples.stream().map(SampleMessage::body).toList());

        Map<String, String> values = new HashMap<>(stack.jobConfig());
        values.put(SqsSourceOptions.SQS_VISIBILITY_TIMEOUT.key(), "10min");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        // checkpointing on, but the first periodic checkpoint is not due within the test (5 h:
        // longer would fail the start-up check against SQS's 12 h visibility limit)
        env.enableCheckpointing(Duration.ofHours(5).toMillis());
        ImageIngestJob.configure(env, IngestConfig.of(values));
        JobClient job = env.executeAsync("image-ingest-ack-itcase");
        try {
            await(
                    Duration.ofMinutes(2),
                    () -> stack.readDeliveredLines().size() >= samples.size(),
                    () -> "delivered " + stack.readDeliveredLines().size());
            Thread.sleep(2_000); // room for any (wrong) early delete to show
            assertThat(stack.queueDepth())
                    .as("every record delivered, no message deleted: no checkpoint was taken")
                    .isEqualTo(samples.size());

            cluster.triggerCheckpoint(job.getJobID(), CheckpointType.FULL).get(1, TimeUnit.MINUTES);
            await(
                    Duration.ofMinutes(1),
                    () -> stack.queueDepth() == 0,
                    () -> "queue depth " + stack.queueDepth() + " after the checkpoint");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        assertThat(stack.readDeliveredLines()).hasSize(samples.size());
    }

    private void assertStoredWithRecordedHash(JsonNode r) {
        String s3Path = r.get(PathRecordJson.S3_PATH).asText();
        String prefix = "s3://" + LocalStack.IMAGE_BUCKET + "/";
        assertThat(s3Path).startsWith(prefix);
        String key = s3Path.substring(prefix.length());
        ResponseBytes<GetObjectResponse> object =
                stack.s3()
                        .client()
                        .getObject(
                                b -> b.bucket(LocalStack.IMAGE_BUCKET).key(key),
                                AsyncResponseTransformer.toBytes())
                        .join();
        String sha256 = RecordIds.Hashing.sha256Hex(object.asByteArray());
        assertThat(sha256).isEqualTo(r.get(PathRecordJson.SHA256).asText());
        assertThat(key).endsWith(sha256 + "." + key.substring(key.lastIndexOf('.') + 1));
        assertThat((long) object.asByteArray().length)
                .isEqualTo(r.get(PathRecordJson.SIZE_BYTES).asLong());
        assertThat(object.response().contentType())
                .isEqualTo(r.get(PathRecordJson.CONTENT_TYPE).asText());
    }

    private static void await(
            Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + state.get());
            }
            Thread.sleep(250);
        }
    }
}
