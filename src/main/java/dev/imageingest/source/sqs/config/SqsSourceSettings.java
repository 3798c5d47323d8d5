package dev.imageingest.source.sqs.config;

import static dev.imageingest.source.sqs.config.SqsSourceOptions.*;

import dev.imageingest.aws.AwsSettings;
import dev.imageingest.settings.Checks;
import dev.imageingest.settings.ConfigException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/** Settings of the SQS source. */
public final class SqsSourceSettings implements Serializable {
    private final String queueUrl;

    /** endpoint override, empty for the region's endpoint */
    private final String endpoint;

    private final AwsSettings aws;

    /** 1..10 */
    private final int maxMessagesPerReceive;

    /** long-poll wait, 0..20 s */
    private final Duration waitTime;

    /** concurrent ReceiveMessage calls per reader */
    private final int receivesInFlight;

    /** requested visibility timeout, zero keeps the queue's own */
    private final Duration visibilityTimeout;

    /** readers pause receiving at this many in-flight messages on the queue; 0 = no cap */
    private final int maxInFlight;

    /** how often each reader asks the queue for its in-flight count */
    private final Duration inFlightPollInterval;

    /** concurrent DeleteMessageBatch calls per sink subtask */
    private final int maxConcurrentDeletes;

    /** concurrent ChangeMessageVisibilityBatch calls per reader */
    private final int maxConcurrentVisibilityBatches;

    /** Defaults of the flow-control keys, as declared in {@link SqsSourceOptions}. */
    public static final int DEFAULT_MAX_IN_FLIGHT =
            SqsSourceOptions.SQS_MAX_IN_FLIGHT.defaultValue();

    public static final Duration DEFAULT_IN_FLIGHT_POLL_INTERVAL =
            SqsSourceOptions.SQS_IN_FLIGHT_POLL_INTERVAL.defaultValue();
    public static final int DEFAULT_MAX_CONCURRENT_DELETES =
            SqsSourceOptions.SQS_MAX_CONCURRENT_DELETES.defaultValue();
    public static final int DEFAULT_MAX_CONCURRENT_VISIBILITY_BATCHES =
            SqsSourceOptions.SQS_MAX_CONCURRENT_VISIBILITY_BATCHES.defaultValue();

    /** SQS's limit of in-flight messages per standard queue. */
    public static final int SQS_IN_FLIGHT_LIMIT = 120_000;

    /**
     * Reads the {@code sqs.*} keys and checks them against SQS's own limits (10 messages per
     * receive, 20 s long poll, 12 h visibility, 120,000 in-flight messages).
     *
     * @param aws region and credentials of the job, shared with the other AWS clients
     * @throws ConfigException naming the key of a missing or out-of-range value
     */
    public static SqsSourceSettings from(ReadableConfig c, AwsSettings aws) {
        return new SqsSourceSettings(
                Checks.url(c, SQS_QUEUE_URL, false),
                Checks.url(c, SQS_ENDPOINT, true),
                aws,
                Checks.between(c, SQS_MAX_MESSAGES, 1, 10),
                Checks.durationBetween(c, SQS_WAIT_TIME, Duration.ZERO, Duration.ofSeconds(20)),
                Checks.between(c, SQS_RECEIVES_IN_FLIGHT, 1, 64),
                Checks.durationBetween(
                        c, SQS_VISIBILITY_TIMEOUT, Duration.ZERO, Duration.ofHours(12)),
                Checks.between(c, SQS_MAX_IN_FLIGHT, 0, SQS_IN_FLIGHT_LIMIT),
                Checks.durationBetween(
                        c,
                        SQS_IN_FLIGHT_POLL_INTERVAL,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(5)),
                Checks.between(c, SQS_MAX_CONCURRENT_DELETES, 1, 256),
                Checks.between(c, SQS_MAX_CONCURRENT_VISIBILITY_BATCHES, 1, 256));
    }

    public SqsSourceSettings(
            String queueUrl,
            String endpoint,
            AwsSettings aws,
            int maxMessagesPerReceive,
            Duration waitTime,
            int receivesInFlight,
            Duration visibilityTimeout) {
        this(
                queueUrl,
                endpoint,
                aws,
                maxMessagesPerReceive,
                waitTime,
                receivesInFlight,
                visibilityTimeout,
                DEFAULT_MAX_IN_FLIGHT,
                DEFAULT_IN_FLIGHT_POLL_INTERVAL,
                DEFAULT_MAX_CONCURRENT_DELETES,
                DEFAULT_MAX_CONCURRENT_VISIBILITY_BATCHES);
    }

    public SqsSourceSettings(
            String queueUrl,
            String endpoint,
            AwsSettings aws,
            int maxMessagesPerReceive,
            Duration waitTime,
            int receivesInFlight,
            Duration visibilityTimeout,
            int maxInFlight,
            Duration inFlightPollInterval,
            int maxConcurrentDeletes,
            int maxConcurrentVisibilityBatches) {
        this.maxInFlight = maxInFlight;
        this.inFlightPollInterval = inFlightPollInterval;
        this.maxConcurrentDeletes = maxConcurrentDeletes;
        this.maxConcurrentVisibilityBatches = maxConcurrentVisibilityBatches;
        this.queueUrl = queueUrl;
        this.endpoint = endpoint;
        this.aws = aws;
        this.maxMessagesPerReceive = maxMessagesPerReceive;
        this.waitTime = waitTime;
        this.receivesInFlight = receivesInFlight;
        this.visibilityTimeout = visibilityTimeout;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String endpoint() {
        return endpoint;
    }

    public AwsSettings aws() {
        return aws;
    }

    public int maxMessagesPerReceive() {
        return maxMessagesPerReceive;
    }

    public Duration waitTime() {
        return waitTime;
    }

    public int receivesInFlight() {
        return receivesInFlight;
    }

    public Duration visibilityTimeout() {
        return visibilityTimeout;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public Duration inFlightPollInterval() {
        return inFlightPollInterval;
    }

    public int maxConcurrentDeletes() {
        return maxConcurrentDeletes;
    }

    public int maxConcurrentVisibilityBatches() {
        return maxConcurrentVisibilityBatches;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SqsSourceSettings)) {
            return false;
        }
        SqsSourceSettings that = (SqsSourceSettings) o;
        return Objects.equals(queueUrl, that.queueUrl)
                && Objects.equals(endpoint, that.endpoint)
                && Objects.equals(aws, that.aws)
                && maxMessagesPerReceive == that.maxMessagesPerReceive
                && Objects.equals(waitTime, that.waitTime)
                && receivesInFlight == that.receivesInFlight
                && Objects.equals(visibilityTimeout, that.visibilityTimeout)
                && maxInFlight == that.maxInFlight
                && Objects.equals(inFlightPollInterval, that.inFlightPollInterval)
                && maxConcurrentDeletes == that.maxConcurrentDeletes
                && maxConcurrentVisibilityBatches == that.maxConcurrentVisibilityBatches;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                queueUrl,
                endpoint,
                aws,
                maxMessagesPerReceive,
                waitTime,
                receivesInFlight,
                visibilityTimeout,
                maxInFlight,
                inFlightPollInterval,
                maxConcurrentDeletes,
                maxConcurrentVisibilityBatches);
    }

    @Override
    public String toString() {
        return "SqsSourceSettings[queueUrl="
                + queueUrl
                + ", endpoint="
                + endpoint
                + ", aws="
                + aws
                + ", maxMessagesPerReceive="
                + maxMessagesPerReceive
                + ", waitTime="
                + waitTime
                + ", receivesInFlight="
                + receivesInFlight
                + ", visibilityTimeout="
                + visibilityTimeout
                + ", maxInFlight="
                + maxInFlight
                + ", inFlightPollInterval="
                + inFlightPollInterval
                + ", maxConcurrentDeletes="
                + maxConcurrentDeletes
                + ", maxConcurrentVisibilityBatches="
                + maxConcurrentVisibilityBatches
                + "]";
    }
}
