package dev.imageingest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.config.IngestConfig;
import dev.imageingest.source.sqs.config.SqsSourceOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 8 item 8: restarting the job must not leak threads or file descriptors. One job fails over
 * {@value #RESTARTS} times (an injected task failure in the sink; each failover closes and reopens
 * the source reader with its SQS client and visibility extender, the fetch function with its
 * downloader and S3 client, and the sink with its Firehose client and message deleter). After each
 * failover, once the job has delivered a fresh batch of messages, the test counts this JVM's live
 * threads (by name group) and open file descriptors: they must not grow with the number of restarts
 * beyond a small constant. Then the job is cancelled and the counts must fall back to what they
 * were before it started.
 */
class RestartResourcesITCase {
    private static final Logger LOG = LoggerFactory.getLogger(RestartResourcesITCase.class);
    private static final int RESTARTS = 4;
    private static final int MESSAGES_PER_CYCLE = 700;

    /** Threads a cycle may add without being a leak (a pool that grew by a thread or two). */
    private static final int THREAD_SLACK = 12;

    /** Threads one name group may add (a leaked SDK or Netty pool adds 4 or more). */
    private static final int GROUP_SLACK = 3;

    /** Descriptors likewise (a pooled connection opened late, a log file rolled). */
    private static final int FD_SLACK = 40;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = FaultStack.miniCluster(2);

    @Test
    void restartsDoNotLeakThreadsOrFileDescriptors() throws Exception {
        try (FaultStack faults = FaultStack.start()) {
            Map<String, String> values = faults.config(2);
            // what a failed attempt held comes back soon
            values.put(SqsSourceOptions.SQS_VISIBILITY_TIMEOUT.key(), "6s");
            IngestConfig config = IngestConfig.of(values);
            FailingSink.reset();

            // warm-up: the stack's servers and clients grow their pools on first use; a first job
            // run and cancelled makes the baseline a JVM where only the job is missing
            JobClient warmUp = start(config, "fault-restart-warm-up");
            try {
                faults.send(MESSAGES_PER_CYCLE);
                faults.awaitAllDelivered(Duration.ofMinutes(2));
            } finally {
                cancel(warmUp);
            }
            JvmResources idle = settled();
            java.util.SortedSet<Integer> idlePools = JvmResources.pools("sdk-async-response");
            LOG.info(
                    "RESOURCES idle pools: sdk-ScheduledExecutor {}, sdk-async-response {},"
                            + " aws-java-sdk-NettyEventLoop {}",
                    JvmResources.pools("sdk-ScheduledExecutor"),
                    JvmResources.pools("sdk-async-response"),
                    JvmResources.pools("aws-java-sdk-NettyEventLoop"));

            JobClient job = start(config, "fault-restart-resources");
            List<JvmResources> afterRestart = new ArrayList<>();
            try {
                faults.send(MESSAGES_PER_CYCLE);
                faults.awaitAllDelivered(Duration.ofMinutes(2));
                JvmResources running = settled();
                for (int cycle = 1; cycle <= RESTARTS; cycle++) {
                    FailingSink.arm(FailingSink.writes() + MESSAGES_PER_CYCLE / 4);
                    faults.send(MESSAGES_PER_CYCLE);
                    int expectedFailures = cycle;
                    FaultStack.await(
                            Duration.ofMinutes(1),
                            () -> FailingSink.failures() == expectedFailures,
                            () -> "failures " + FailingSink.failures());
                    faults.awaitAllDelivered(Duration.ofMinutes(2));
                    JvmResources now = settled();
                    afterRestart.add(now);
                    LOG.info(
                            "RESOURCES pools: sdk-ScheduledExecutor {}, sdk-async-response {},"
                                    + " aws-java-sdk-NettyEventLoop {}",
                            JvmResources.pools("sdk-ScheduledExecutor"),
                            JvmResources.pools("sdk-async-response"),
                            JvmResources.pools("aws-java-sdk-NettyEventLoop"));
                    LOG.info(
                            "RESOURCES after restart {}: {} threads, {} fds; changed since the"
                                    + " first attempt: {}",
                            cycle,
                            now.threads(),
                            now.fileDescriptors(),
                            now.changedSince(running));
                }
            } finally {
                cancel(job);
            }
            JvmResources first = afterRestart.get(0);
            JvmResources last = afterRestart.get(RESTARTS - 1);
            JvmResources after = settled();
            LOG.info(
                    "RESOURCES after-cancel pools: sdk-ScheduledExecutor {}, sdk-async-response {},"
                            + " aws-java-sdk-NettyEventLoop {}",
                    JvmResources.pools("sdk-ScheduledExecutor"),
                    JvmResources.pools("sdk-async-response"),
                    JvmResources.pools("aws-java-sdk-NettyEventLoop"));
            LOG.info(
                    "RESOURCES idle (after the warm-up job) {} threads, {} fds; after {} restarts"
                            + " and cancel {} threads, {} fds; changed: {}",
                    idle.threads(),
                    idle.fileDescriptors(),
                    RESTARTS,
                    after.threads(),
                    after.fileDescriptors(),
                    after.changedSince(idle));
            assertThat(last.threads())
                    .as(
                            "threads after %d restarts vs after 1 (groups changed: %s)",
                            RESTARTS, last.changedSince(first))
                    .isLessThanOrEqualTo(first.threads() + THREAD_SLACK);
            assertThat(after.threads())
                    .as("threads after cancel vs idle (changed: %s)", after.changedSince(idle))
                    .isLessThanOrEqualTo(idle.threads() + THREAD_SLACK);
            assertThat(JvmResources.pools("sdk-async-response"))
                    .as("SDK clients still open after cancel (response pools) vs idle")
                    .isSubsetOf(idlePools);
            assertThat(after.grownSince(idle, GROUP_SLACK))
                    .as("thread groups grown by more than %d after cancel vs idle", GROUP_SLACK)
                    .isEmpty();
            assertThat(last.grownSince(first, GROUP_SLACK))
                    .as(
                            "thread groups grown by more than %d after %d restarts vs after 1",
                            GROUP_SLACK, RESTARTS)
                    .isEmpty();
            if (idle.fileDescriptors() >= 0) {
                // while the job runs, the sockets open at that moment (image hosts, S3, SQS)
                // vary by hundreds: compare files, pipes and epoll instances (an event loop left
                // behind per restart keeps its epoll and pipe); after the cancel (below) every
                // descriptor counts, sockets included
                assertThat(last.nonSocketFileDescriptors())
                        .as(
                                "open non-socket file descriptors after %d restarts vs after 1",
                                RESTARTS)
                        .isLessThanOrEqualTo(first.nonSocketFileDescriptors() + FD_SLACK);
                assertThat(after.fileDescriptors())
                        .as("open file descriptors after cancel vs idle")
                        .isLessThanOrEqualTo(idle.fileDescriptors() + FD_SLACK);
            }
            assertThat(FailingSink.failures()).isEqualTo(RESTARTS);
            int duplicates = faults.checkInvariant();
            LOG.info(
                    "FAULT restarts: {} messages, {} task failures, {} duplicate records, 0 lost;"
                            + " threads {} after restart 1, {} after restart {}, {} idle, {}"
                            + " after cancel; fds {} after restart 1, {} after restart {}, {}"
                            + " idle, {} after cancel",
                    faults.sent().size(),
                    RESTARTS,
                    duplicates,
                    first.threads(),
                    last.threads(),
                    RESTARTS,
                    idle.threads(),
                    after.threads(),
                    first.fileDescriptors(),
                    last.fileDescriptors(),
                    RESTARTS,
                    idle.fileDescriptors(),
                    after.fileDescriptors());
        }
    }

    private static JobClient start(IngestConfig config, String name) throws Exception {
        return FailingSink.start(config, name);
    }

    private static void cancel(JobClient job) throws Exception {
        job.cancel().get(30, TimeUnit.SECONDS);
        await(job);
    }

    /** Waits for the job to reach a terminal state. */
    private static void await(JobClient job) throws Exception {
        FaultStack.await(
                Duration.ofSeconds(60),
                () -> job.getJobStatus().join().isGloballyTerminalState(),
                () -> "job status " + job.getJobStatus().join());
    }

    /**
     * A sample once threads stop disappearing: closed event loops and pools end asynchronously
     * (Netty's graceful shutdown has a quiet period), so wait until two samples a second apart
     * agree, at most 15 s.
     */
    private static JvmResources settled() throws InterruptedException {
        JvmResources last = JvmResources.sample();
        for (int i = 0; i < 15; i++) {
            Thread.sleep(1_000);
            JvmResources now = JvmResources.sample();
            if (now.threads() >= last.threads()) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
