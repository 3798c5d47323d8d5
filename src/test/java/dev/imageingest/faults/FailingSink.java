package dev.imageingest.faults;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.ack.AckingSink;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.model.PathRecord;
import dev.imageingest.pipeline.ImageIngestPipeline;
import dev.imageingest.sink.FirehoseSinks;
import dev.imageingest.source.sqs.SqsSource;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Wraps a sink; its writers throw once the job-wide write count reaches the number {@link #arm(int)
 * armed}, then disarm: one injected task failure per arming. The counters are static: a MiniCluster
 * runs the job in the test's JVM and loads test classes parent-first.
 */
final class FailingSink<S> implements StatefulSink<PathRecord, S> {
    private static final AtomicInteger failAt = new AtomicInteger(Integer.MAX_VALUE);
    private static final AtomicInteger writes = new AtomicInteger();
    private static final AtomicInteger failures = new AtomicInteger();

    private final StatefulSink<PathRecord, S> delegate;

    FailingSink(StatefulSink<PathRecord, S> delegate) {
        this.delegate = delegate;
    }

    /**
     * The production graph (retries through SQS, dead letters, acknowledgement) at parallelism 2
     * with checkpoints every second, the Firehose sink wrapped in a {@code FailingSink}.
     */
    static JobClient start(IngestConfig config, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        ImageIngestPipeline.build(
                env,
                new SqsSource(config.sqs()),
                AckingSink.pathRecords(
                        new FailingSink<>(FirehoseSinks.pathRecords(config.firehose())),
                        config.sqs()),
                ImageIngestJob.outcomeSinks(config),
                config.fetch(),
                config.s3());
        return env.executeAsync(name);
    }

    /** Resets the counters and disarms. */
    static void reset() {
        failAt.set(Integer.MAX_VALUE);
        writes.set(0);
        failures.set(0);
    }

    /** The next write numbered {@code atWrite} or later throws (once). */
    static void arm(int atWrite) {
        failAt.set(atWrite);
    }

    static boolean armed() {
        return failAt.get() != Integer.MAX_VALUE;
    }

    static int writes() {
        return writes.get();
    }

    /** Failures injected so far. */
    static int failures() {
        return failures.get();
    }

    @Override
    public StatefulSinkWriter<PathRecord, S> createWriter(InitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<PathRecord, S> restoreWriter(
            InitContext context, Collection<S> recoveredState) throws IOException {
        StatefulSinkWriter<PathRecord, S> writer = delegate.restoreWriter(context, recoveredState);
        return new Writer<>(writer);
    }

    @Override
    public SimpleVersionedSerializer<S> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    private static final class Writer<S> implements StatefulSinkWriter<PathRecord, S> {
        private final StatefulSinkWriter<PathRecord, S> w;

        Writer(StatefulSinkWriter<PathRecord, S> w) {
            this.w = w;
        }

        @Override
        public void write(PathRecord r, SinkWriter.Context c)
                throws IOException, InterruptedException {
            int n = writes.incrementAndGet();
            int at = failAt.get();
            if (n >= at && failAt.compareAndSet(at, Integer.MAX_VALUE)) {
                failures.incrementAndGet();
                throw new IllegalStateException("injected task failure at write " + n);
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
