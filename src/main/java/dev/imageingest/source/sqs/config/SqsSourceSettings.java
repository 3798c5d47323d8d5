package dev.imageingest.source.sqs.config;

import dev.imageingest.aws.AwsSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

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

    public SqsSourceSettings(
            String queueUrl,
            String endpoint,
            AwsSettings aws,
            int maxMessagesPerReceive,
            Duration waitTime,
            int receivesInFlight,
            Duration visibilityTimeout) {
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
                && Objects.equals(visibilityTimeout, that.visibilityTimeout);
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
                visibilityTimeout);
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
                + "]";
    }
}
