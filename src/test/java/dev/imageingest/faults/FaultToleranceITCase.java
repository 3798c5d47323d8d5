package dev.imageingest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.config.IngestConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults that used to lose messages, against the local stack's protocol servers and the production
 * graph: a task failure mid-stream, and the job's JVM killed with SIGKILL then started without any
 * state. After each, the {@link Invariant} holds over every message sent; duplicates are counted
 * and logged.
 */
class FaultToleranceITCase {
    private static final Logger LOG = LoggerFactory.getLogger(FaultToleranceITCase.class);
    private static final int MESSAGES = 4_000;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = FaultStack.miniCluster(2);

    @Test
    void aTaskFailureMidStreamRestartsFromTheCheckpointAndLosesNothing() throws Exception {
        try (FaultStack faults = FaultStack.start()) {
            faults.send(MESSAGES);
            FailingSink.reset();
            FailingSink.arm(MESSAGES / 2);
            JobClient job = FailingSink.start(IngestConfig.of(faults.config(2)), "fault-task");
            try {
                faults.awaitAllDelivered(Duration.ofMinutes(3));
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(FailingSink.failures()).as("the injected failure happened").isEqualTo(1);
            int duplicates = faults.checkInvariant();
            LOG.info(
                    "FAULT task failure: {} messages, 1 task failure after {} writes, {} images"
                            + " stored, {} duplicate records, 0 lost",
                    MESSAGES,
                    MESSAGES / 2,
                    faults.storedImages(),
                    duplicates);
        }
    }

    @Test
    void aJobKilledWithSigkillAndStartedFreshLosesNothing() throws Exception {
        try (FaultStack faults = FaultStack.start()) {
            faults.send(MESSAGES);
            Map<String, String> values = faults.config(2);
            Process first = FaultStack.startJobProcess(values, "first");
            try {
                faults.awaitDelivered(MESSAGES / 4, Duration.ofMinutes(2));
            } finally {
                first.destroyForcibly(); // SIGKILL: no close, no final checkpoint, no savepoint
                first.waitFor(30, TimeUnit.SECONDS);
            }
            int deliveredAtKill = faults.deliveredIds();
            int leftAtKill = faults.stack().queueDepth();
            assertThat(leftAtKill).as("the kill came mid-run").isPositive();

            // fresh: no checkpoint, no savepoint
            Process second = FaultStack.startJobProcess(values, "second");
            try {
                faults.awaitAllDelivered(Duration.ofMinutes(3));
            } finally {
                second.destroyForcibly();
                second.waitFor(30, TimeUnit.SECONDS);
            }
            int duplicates = faults.checkInvariant();
            LOG.info(
                    "FAULT kill -9: {} messages, killed after {} delivered with {} messages still"
                            + " in the queue, fresh start: {} duplicate records, 0 lost",
                    MESSAGES,
                    deliveredAtKill,
                    leftAtKill,
                    duplicates);
        }
    }
}
