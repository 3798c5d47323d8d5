package dev.imageingest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.ack.AckingSink;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.config.IngestOptions;
import dev.imageingest.localstack.LocalStack;
import dev.imageingest.localstack.SampleCatalog;
import dev.imageingest.localstack.SampleCatalog.SampleMessage;
import dev.imageingest.model.PathRecord;
import dev.imageingest.pipeline.ImageIngestPipeline;
import dev.imageingest.sink.FirehoseSinks;
import dev.imageingest.source.sqs.SqsSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.io.SimpleVersionedSerializer;
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
        FailOnce.armed.set(true);
        FailOnce.writes.set(0);
        ImageIngestPipeline.build(
                env,
                new SqsSource(config.sqs()),
                AckingSink.pathRecords(
                        new FailOnce<>(FirehoseSinks.pathRecords(config.firehose()), MESSAGES / 2),
                        config.sqs()),
                config.fetch(),
                config.s3());
        JobClient job = env.executeAsync("fault-task-failure");
        try {
            await(
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
        assertThat(FailOnce.armed).as("the injected failure happened").isFalse();
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
        Process first = startJobProcess(values, "first");
        try {
            await(
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

        Process second = startJobProcess(values, "second"); // fresh: no checkpoint, no savepoint
        try {
            await(
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

    private static Process startJobProcess(Map<String, String> values, String name)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JobProcessMain.class.getName());
        values.forEach((k, v) -> command.add(k + "=" + v));
        Path log = Files.createDirectories(Path.of("target", "fault-jobs")).resolve(name + ".log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(new File("."))
                .start();
    }

    private static void await(Duration timeout, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + state.get());
            }
            Thread.sleep(500);
        }
    }

    /** Wraps a sink; its writer throws once, at the {@code failAt}-th record of the whole job. */
    static final class FailOnce<S> implements StatefulSink<PathRecord, S> {
        static final AtomicBoolean armed = new AtomicBoolean();
        static final AtomicInteger writes = new AtomicInteger();

        private final StatefulSink<PathRecord, S> delegate;
        private final int failAt;

        FailOnce(StatefulSink<PathRecord, S> delegate, int failAt) {
            this.delegate = delegate;
            this.failAt = failAt;
        }

        @Override
        public StatefulSinkWriter<PathRecord, S> createWriter(InitContext context)
                throws IOException {
            return wrap(restoreWriter(context, List.of()));
        }

        @Override
        public StatefulSinkWriter<PathRecord, S> restoreWriter(
                InitContext context, Collection<S> recoveredState) throws IOException {
            StatefulSinkWriter<PathRecord, S> writer =
                    delegate.restoreWriter(context, recoveredState);
            return wrap(writer);
        }

        private StatefulSinkWriter<PathRecord, S> wrap(StatefulSinkWriter<PathRecord, S> w) {
            if (w instanceof Failing) {
                return w;
            }
            return new Failing<>(w, failAt);
        }

        @Override
        public SimpleVersionedSerializer<S> getWriterStateSerializer() {
            return delegate.getWriterStateSerializer();
        }

        private static final class Failing<S> implements StatefulSinkWriter<PathRecord, S> {
            private final StatefulSinkWriter<PathRecord, S> w;
            private final int failAt;

            Failing(StatefulSinkWriter<PathRecord, S> w, int failAt) {
                this.w = w;
                this.failAt = failAt;
            }

            @Override
            public void write(PathRecord r, SinkWriter.Context c)
                    throws IOException, InterruptedException {
                if (writes.incrementAndGet() >= failAt && armed.compareAndSet(true, false)) {
                    throw new IllegalStateException("injected task failure");
                }
                w.write(r, c);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                w.flush(endOfInput);
            }

            @Override
            public List<S> snapshotState(long checkpointId) throws IOException {
                return w.snapshotState(checkpointId);
            }

            @Override
            public void close() throws Exception {
                w.close();
            }
        }
    }
}
