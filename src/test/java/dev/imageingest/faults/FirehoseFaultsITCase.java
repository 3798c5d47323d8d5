package dev.imageingest.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.localstack.FirehoseFaults.Fault;
import dev.imageingest.sink.FirehoseOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firehose misbehaving under the production graph, with thousands of messages: throttled (a share
 * of the calls refused, every 2nd record of other batches refused), then down, then a job started
 * with a wrong delivery stream name. A message is deleted only once Firehose acknowledged its
 * record (or the message is in the dead-letter queue), so none may leave the queue while Firehose
 * is down, and a wrong stream must stop the job with one line and delete nothing.
 */
class FirehoseFaultsITCase {
    private static final Logger LOG = LoggerFactory.getLogger(FirehoseFaultsITCase.class);
    private static final int MESSAGES = 3_000;
    private static final int MORE = 1_000;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = FaultStack.miniCluster(2);

    @Test
    void throttlingPartialBatchesAnOutageAndAWrongStreamLoseNothing() throws Exception {
        try (FaultStack faults = FaultStack.start()) {
            AtomicBoolean throttled = new AtomicBoolean(true);
            AtomicBoolean down = new AtomicBoolean(false);
            AtomicInteger refusedCalls = new AtomicInteger();
            AtomicInteger partialBatches = new AtomicInteger();
            AtomicInteger outageCalls = new AtomicInteger();
            faults.stack()
                    .firehose()
                    .setFaults(
                            (op, stream, records) -> {
                                if (!op.startsWith("PutRecord")) {
                                    return Fault.NONE;
                                }
                                if (down.get()) {
                                    outageCalls.incrementAndGet();
                                    return new Fault.Error(
                                            500, "ServiceUnavailableException", "injected outage");
                                }
                                if (!throttled.get()) {
                                    return Fault.NONE;
                                }
                                // near its quota Firehose refuses whole calls or part of a batch
                                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                    refusedCalls.incrementAndGet();
                                    return new Fault.Error(
                                            503, "ServiceUnavailableException", "Slow down.");
                                }
                                if (op.equals("PutRecordBatch") && records > 1) {
                                    partialBatches.incrementAndGet();
                                    return new Fault.PartialFailure(2);
                                }
                                return Fault.NONE;
                            });
            faults.send(MESSAGES);
            Map<String, String> values = faults.config(2);
            JobClient job = start(values, "fault-firehose");
            int deliveredBeforeOutage;
            int deletedDuringOutage;
            int deadLetteredDuringOutage;
            try {
                faults.awaitDelivered(MESSAGES / 3, Duration.ofMinutes(2));
                throttled.set(false);
                down.set(true);
                Thread.sleep(2_000); // what was acknowledged before the outage is deleted now
                deliveredBeforeOutage = faults.deliveredIds();
                int queueAtStart = faults.stack().queueDepth();
                int deadAtStart = faults.stack().deadLetterDepth();
                Thread.sleep(10_000); // ten checkpoint intervals
                assertThat(outageCalls.get()).as("the sink kept trying").isPositive();
                assertThat(faults.deliveredIds())
                        .as("nothing delivered while down")
                        .isEqualTo(deliveredBeforeOutage);
                deletedDuringOutage = queueAtStart - faults.stack().queueDepth();
                deadLetteredDuringOutage = faults.stack().deadLetterDepth() - deadAtStart;
                // a dead-lettered message may go (its outcome is durable in the DLQ), no other
                assertThat(deletedDuringOutage)
                        .as("messages deleted while Firehose was down")
                        .isLessThanOrEqualTo(deadLetteredDuringOutage);
                down.set(false);
                faults.awaitAllDelivered(Duration.ofMinutes(3));
                assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS))
                        .as("the outage did not fail the job")
                        .isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(refusedCalls.get()).as("calls refused while throttled").isPositive();
            assertThat(partialBatches.get()).as("batches refused in part").isPositive();

            // then the job is started again with a wrong stream name
            faults.send(MORE);
            Map<String, String> wrong = faults.config(2);
            wrong.put(FirehoseOptions.FIREHOSE_STREAM.key(), "no-such-stream");
            JobClient misconfigured = start(wrong, "fault-firehose-wrong-stream");
            assertThatThrownBy(() -> misconfigured.getJobExecutionResult().get(2, TimeUnit.MINUTES))
                    .satisfies(
                            e ->
                                    assertThat(ExceptionUtils.stringifyException(e))
                                            .contains(
                                                    "ResourceException: Firehose delivery stream"
                                                            + " no-such-stream: not found"));
            assertThat(faults.stack().queueDepth())
                    .as("no message deleted by the job with the wrong stream")
                    .isEqualTo(MORE);

            JobClient fixed = start(faults.config(2), "fault-firehose-fixed");
            try {
                faults.awaitAllDelivered(Duration.ofMinutes(2));
            } finally {
                fixed.cancel().get(30, TimeUnit.SECONDS);
            }
            int duplicates = faults.checkInvariant();
            LOG.info(
                    "FAULT Firehose: {} messages; throttled: {} calls refused, {} batches refused"
                            + " every 2nd record; down for 10 s after {} delivered: {} calls"
                            + " refused, {} messages deleted meanwhile ({} dead-lettered); then"
                            + " {} more messages and a wrong stream name: job stopped, 0 deleted;"
                            + " {} duplicate records, 0 lost",
                    MESSAGES + MORE,
                    refusedCalls.get(),
                    partialBatches.get(),
                    deliveredBeforeOutage,
                    outageCalls.get(),
                    deletedDuringOutage,
                    deadLetteredDuringOutage,
                    MORE,
                    duplicates);
        }
    }

    /** The production graph; no restarts, so a wrong stream ends the job at once. */
    private static JobClient start(Map<String, String> values, String name) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        Configuration.fromMap(Map.of("restart-strategy.type", "none")));
        ImageIngestJob.configure(env, IngestConfig.of(values));
        return env.executeAsync(name);
    }
}
