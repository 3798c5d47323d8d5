package dev.imageingest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.config.IngestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping and starting the production job graph mid-stream: stop-with-savepoint and resume at
 * another parallelism (4 -> 2 -> 6: the source's split state, the fetch operator's in-flight
 * elements and the sink's state are redistributed), and cancel followed by a fresh start without
 * any state. The image host answers after 50 ms, so the async fetch operator holds images when the
 * savepoint is taken. Nothing may be lost; duplicates are counted.
 */
class SavepointRescaleITCase {
    private static final Logger LOG = LoggerFactory.getLogger(SavepointRescaleITCase.class);

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = FaultStack.miniCluster(6);

    @Test
    void stopWithSavepointAndRescale4To2To6LosesNothing(
            @InjectMiniCluster MiniCluster mini, @TempDir Path savepoints) throws Exception {
        int messages = 5_000;
        try (FaultStack faults = FaultStack.start()) {
            faults.stack().images().setLatencyMillis(50);
            faults.send(messages);

            JobClient first = start(faults, 4, null);
            faults.awaitDelivered(1_500, Duration.ofMinutes(2));
            String savepoint1 = stop(first, savepoints);
            int deliveredAt1 = faults.deliveredIds();

            JobClient second = start(faults, 2, savepoint1);
            faults.awaitDelivered(deliveredAt1 + 1_500, Duration.ofMinutes(2));
            assertRestoredFrom(mini, second, savepoint1);
            String savepoint2 = stop(second, savepoints);
            int deliveredAt2 = faults.deliveredIds();
            assertThat(deliveredAt2).as("the second job ran mid-stream").isLessThan(messages);

            JobClient third = start(faults, 6, savepoint2);
            try {
                faults.awaitAllDelivered(Duration.ofMinutes(3));
                assertRestoredFrom(mini, third, savepoint2);
            } finally {
                third.cancel().get(30, TimeUnit.SECONDS);
            }
            int duplicates = faults.checkInvariant();
            // what the fetch operator held at each savepoint is restored and adopted by a live
            // reader, which keeps it invisible: it is not received (and processed) a second time
            assertThat(duplicates).as("duplicates after two savepoints").isLessThan(messages / 100);
            LOG.info(
                    "FAULT stop-with-savepoint and rescale 4 -> 2 -> 6: {} messages, savepoints"
                            + " after {} and {} delivered, {} images stored, {} duplicate"
                            + " records, 0 lost",
                    messages,
                    deliveredAt1,
                    deliveredAt2,
                    faults.storedImages(),
                    duplicates);
        }
    }

    @Test
    void cancelAndFreshStartLosesNothing() throws Exception {
        int messages = 3_000;
        try (FaultStack faults = FaultStack.start()) {
            faults.stack().images().setLatencyMillis(50);
            faults.send(messages);
            JobClient first = start(faults, 2, null);
            faults.awaitDelivered(1_000, Duration.ofMinutes(2));
            first.cancel().get(30, TimeUnit.SECONDS); // no savepoint: all state is dropped
            awaitTerminal(first);
            int deliveredAtCancel = faults.deliveredIds();
            assertThat(deliveredAtCancel).as("cancelled mid-stream").isLessThan(messages);

            JobClient second = start(faults, 2, null); // fresh: no checkpoint, no savepoint
            try {
                faults.awaitAllDelivered(Duration.ofMinutes(3));
            } finally {
                second.cancel().get(30, TimeUnit.SECONDS);
            }
            int duplicates = faults.checkInvariant();
            LOG.info(
                    "FAULT cancel and fresh start: {} messages, cancelled after {} delivered,"
                            + " {} duplicate records, 0 lost",
                    messages,
                    deliveredAtCancel,
                    duplicates);
        }
    }

    /** The production graph ({@link ImageIngestJob#configure}) at {@code parallelism}. */
    private static JobClient start(FaultStack faults, int parallelism, String savepoint)
            throws Exception {
        Map<String, String> values = faults.config(parallelism);
        values.put(IngestOptions.CHECKPOINT_INTERVAL.key(), "1s");
        Configuration flink = new Configuration();
        if (savepoint != null) {
            flink.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        ImageIngestJob.configure(env, IngestConfig.of(values));
        return env.executeAsync("fault-savepoint-p" + parallelism);
    }

    private static String stop(JobClient job, Path dir) throws Exception {
        String path =
                job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
        awaitTerminal(job);
        return path;
    }

    private static void awaitTerminal(JobClient job) throws InterruptedException {
        FaultStack.await(
                Duration.ofMinutes(1),
                () -> job.getJobStatus().join().isGloballyTerminalState(),
                () -> "job status " + job.getJobStatus().join());
    }

    /** The job really started from {@code savepoint} (a savepoint path ignored would pass too). */
    private static void assertRestoredFrom(MiniCluster mini, JobClient job, String savepoint)
            throws Exception {
        RestoredCheckpointStats restored =
                mini.getExecutionGraph(job.getJobID())
                        .get(30, TimeUnit.SECONDS)
                        .getCheckpointStatsSnapshot()
                        .getLatestRestoredCheckpoint();
        assertThat(restored).as("restored checkpoint of %s", job.getJobID()).isNotNull();
        assertThat(restored.getExternalPath()).isEqualTo(savepoint);
    }
}
