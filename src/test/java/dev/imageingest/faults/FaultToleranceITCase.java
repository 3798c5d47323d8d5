package dev.imageingest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.ack.AckingSink;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.config.IngestOptions;
import dev.imageingest.localstack.LocalStack;
import dev.imageingest.localstack.SampleCatalog;
import dev.imageingest.localstack.SampleCatalog.SampleMessage;
import dev.imageingest.pipeline.ImageIngestPipeline;
import dev.imageingest.sink.FirehoseSinks;
import dev.imageingest.source.sqs.SqsSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults that used to lose messages, against the local stack's protocol servers: after each, every
 * message has a delivered path record ({@link Invariant}); duplicates are counted and logged.
 */
class FaultToleranceITCase {
    private static final Logger LOG = LoggerFactory.getLogger(FaultToleranceITCase.class);
    private static final int MESSAGES = 300;

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

    /** Base configuration: short visibility, so what a dead job held returns within seconds. */
    private Map<String, String> config() {
        Map<String, String> values = new HashMap<>(stack.jobConfig());
        values.put(IngestOptions.PARALLELISM.key(), "2");
        values.put(IngestOptions.CHECKPOINT_INTERVAL.key(), "1s");
        values.put(IngestOptions.SQS_VISIBILITY_TIMEOUT.key(), "10s");
        return values;
    }

    private List<SampleMessage> sendSamples() {
        List<SampleMessage> samples = SampleCatalog.generate(stack.images(), MESSAGES);
        stack.sqs().sendAll(stack.queueUrl(), samples.stream().map(SampleMessage::body).toList());
        return samples;
    }

    @Test
    void aTaskFailureMidStreamRestartsFromTheCheckpointAndLosesNothing() throws Exception {
        List<SampleMessage> samples = sendSamples();
        IngestConfig config = IngestConfig.of(config());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        FailingSink.reset();
        FailingSink.arm(MESSAGES / 2);
        ImageIngestPipeline.build(
                env,
                new SqsSource(config.sqs()),
                AckingSink.pathRecords(
                        new FailingSink<>(FirehoseSinks.pathRecords(config.firehose())),
                        config.sqs()),
                config.fetch(),
                config.s3());
        JobClient job = env.executeAsync("fault-task-failure");
        try {
            FaultStack.await(
                    Duration.ofMinutes(2),
                    () -> Invariant.allDelivered(stack, samples) && stack.queueDepth() == 0,
                    () ->
                            "delivered lines "
                                    + stack.readDeliveredLines().size()
                                    + ", queue "
                                    + stack.queueDepth());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        assertThat(FailingSink.failures()).as("the injected failure happened").isEqualTo(1);
        int duplicates = Invariant.check(stack, samples);
        LOG.info(
                "FAULT task failure: {} messages, 1 task failure, {} duplicate records, 0 lost",
                MESSAGES,
                duplicates);
    }

    @Test
    void aJobKilledWithSigkillAndStartedFreshLosesNothing() throws Exception {
        List<SampleMessage> samples = sendSamples();
        Map<String, String> values = config();
        Process first = FaultStack.startJobProcess(values, "first");
        try {
            FaultStack.await(
                    Duration.ofMinutes(2),
                    () -> stack.readDeliveredLines().size() >= 30,
                    () -> "delivered " + stack.readDeliveredLines().size());
        } finally {
            first.destroyForcibly(); // SIGKILL: no close, no final checkpoint, no savepoint
            first.waitFor(30, TimeUnit.SECONDS);
        }
        int deliveredAtKill = stack.readDeliveredLines().size();
        int leftAtKill = stack.queueDepth();
        assertThat(leftAtKill).as("the kill came mid-run").isPositive();

        Process second =
                FaultStack.startJobProcess(values, "second"); // fresh: no checkpoint, no savepoint
        try {
            FaultStack.await(
                    Duration.ofMinutes(2),
                    () -> Invariant.allDelivered(stack, samples) && stack.queueDepth() == 0,
                    () ->
                            "delivered lines "
                                    + stack.readDeliveredLines().size()
                                    + ", queue "
                                    + stack.queueDepth());
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
        }
        int duplicates = Invariant.check(stack, samples);
        LOG.info(
                "FAULT kill -9: {} messages, killed after {} records delivered with {} messages"
                        + " still in the queue, fresh start: {} duplicate records, 0 lost",
                MESSAGES,
                deliveredAtKill,
                leftAtKill,
                duplicates);
    }
}
