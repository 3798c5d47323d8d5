package dev.imageingest;

import dev.imageingest.ack.AckingSink;
import dev.imageingest.ack.HoldTime;
import dev.imageingest.aws.ResourceException;
import dev.imageingest.config.ConfigLoader;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.config.IngestOptions;
import dev.imageingest.fetch.FetchMemory;
import dev.imageingest.pipeline.ImageIngestPipeline;
import dev.imageingest.pipeline.OutcomeSinks;
import dev.imageingest.retry.DeadLetterSettings;
import dev.imageingest.retry.DeadLetterSinks;
import dev.imageingest.retry.HandBackSink;
import dev.imageingest.retry.RetrySettings;
import dev.imageingest.sink.FirehoseSinks;
import dev.imageingest.source.sqs.SqsSource;
import dev.imageingest.startup.StartupChecks;
import dev.imageingest.startup.StartupOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for {@code flink run} and Amazon Managed Service for Apache Flink. Configuration: see
 * {@link ConfigLoader}; an invalid configuration stops the job before it is submitted, with a
 * message naming the key.
 */
public final class ImageIngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(ImageIngestJob.class);

    private ImageIngestJob() {}

    public static void main(String[] args) throws Exception {
        IngestConfig config = ConfigLoader.fromArgs(args);
        // the dead-letter queue is checked like the source queue: a typo there would only show
        // at the first message that runs out of receives
        DeadLetterSettings dlq = config.deadLetter();
        checkResources(config, dlq.enabled() ? List.of(dlq.queueUrl()) : List.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, config);
        LOG.info("Starting image ingest with {}", config.sqs());
        env.execute(config.get(IngestOptions.JOB_NAME));
    }

    /**
     * Stops before submitting when the queue, bucket or delivery stream (or an extra queue, e.g. a
     * dead-letter queue) is missing, forbidden or unreachable: {@link ResourceException} carries
     * one line naming each failing resource and the cause. Skipped with {@code
     * startup.check-resources=false}.
     */
    public static void checkResources(IngestConfig config, List<String> extraQueueUrls) {
        if (!config.get(StartupOptions.STARTUP_CHECK_RESOURCES)) {
            LOG.info("Start-up resource check skipped (startup.check-resources=false)");
            return;
        }
        try {
            StartupChecks.run(config.sqs(), config.s3(), config.firehose(), extraQueueUrls);
        } catch (ResourceException e) {
            LOG.error("Not starting: {}", e.getMessage());
            throw e;
        }
        LOG.info("Queue, bucket and delivery stream checked");
    }

    /** Applies job-level settings and builds the production graph (SQS in, Firehose out). */
    public static void configure(StreamExecutionEnvironment env, IngestConfig config) {
        env.getConfig().disableGenericTypes(); // every type has a Flink serializer, no Kryo
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(
                    config.get(IngestOptions.CHECKPOINT_INTERVAL).toMillis(),
                    CheckpointingMode.EXACTLY_ONCE);
        }
        // the Flink configuration in force here (flink run: the cluster's config.yaml and -D)
        FetchMemory.warn(
                FetchMemory.checkFlinkConfig(
                        env.getConfiguration(), new MemorySize(config.fetch().inFlightBytes())));
        // the settings in force (the cluster's, e.g. Managed Flink's, win over job.*)
        Duration hold =
                HoldTime.validate(
                        Duration.ofMillis(env.getCheckpointConfig().getCheckpointInterval()),
                        Duration.ofMillis(env.getCheckpointConfig().getCheckpointTimeout()),
                        env.getCheckpointConfig().getTolerableCheckpointFailureNumber(),
                        config.fetch().operatorTimeout());
        LOG.info("A message is held (kept invisible) at most {} between receive and delete", hold);
        int parallelism = config.get(IngestOptions.PARALLELISM);
        if (parallelism > 0) {
            env.setParallelism(parallelism);
        }
        ImageIngestPipeline.build(
                env,
                new SqsSource(config.sqs()),
                AckingSink.pathRecords(
                        FirehoseSinks.pathRecords(config.firehose()),
                        config.sqs(),
                        FirehoseSinks.deliveryStreamCheck(config.firehose())),
                outcomeSinks(config),
                config.fetch(),
                config.s3());
    }

    /** Retries through SQS and, when configured, the dead-letter queue. */
    public static OutcomeSinks outcomeSinks(IngestConfig config) {
        RetrySettings retry = config.retry();
        DeadLetterSettings dlq = config.deadLetter();
        LOG.info("Retries through SQS: {}", retry);
        if (dlq.enabled()) {
            LOG.info("Dead-letter queue: {}", dlq.queueUrl());
        } else {
            LOG.warn(
                    "No dead-letter queue (dlq.queue-url): messages whose transient failures"
                            + " outlast {} receives, and poison messages, end with their failure"
                            + " record only and are deleted; set dlq.queue-url in production to"
                            + " keep them for a re-drive",
                    retry.maxReceives());
        }
        return new OutcomeSinks(
                retry,
                new HandBackSink(config.sqs()),
                dlq.enabled() ? DeadLetterSinks.acking(dlq, config.sqs()) : null);
    }
}
