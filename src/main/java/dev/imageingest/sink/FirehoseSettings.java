package dev.imageingest.sink;

import dev.imageingest.aws.AwsSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/** Delivery stream and batching of the Firehose sink. */
public final class FirehoseSettings implements Serializable {
    private final String deliveryStream;
    private final String endpoint;
    private final AwsSettings aws;
    private final int maxBatchSize;
    private final int maxInFlightRequests;
    private final int maxBufferedRequests;
    private final Duration maxTimeInBuffer;

    public FirehoseSettings(
            String deliveryStream,
            String endpoint,
            AwsSettings aws,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            Duration maxTimeInBuffer) {
        this.deliveryStream = deliveryStream;
        this.endpoint = endpoint;
        this.aws = aws;
        this.maxBatchSize = maxBatchSize;
        this.maxInFlightRequests = maxInFlightRequests;
        this.maxBufferedRequests = maxBufferedRequests;
        this.maxTimeInBuffer = maxTimeInBuffer;
    }

    public String deliveryStream() {
        return deliveryStream;
    }

    public String endpoint() {
        return endpoint;
    }

    public AwsSettings aws() {
        return aws;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    public int maxBufferedRequests() {
        return maxBufferedRequests;
    }

    public Duration maxTimeInBuffer() {
        return maxTimeInBuffer;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FirehoseSettings)) {
            return false;
        }
        FirehoseSettings that = (FirehoseSettings) o;
        return Objects.equals(deliveryStream, that.deliveryStream)
                && Objects.equals(endpoint, that.endpoint)
                && Objects.equals(aws, that.aws)
                && maxBatchSize == that.maxBatchSize
                && maxInFlightRequests == that.maxInFlightRequests
                && maxBufferedRequests == that.maxBufferedRequests
                && Objects.equals(maxTimeInBuffer, that.maxTimeInBuffer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                deliveryStream,
                endpoint,
                aws,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxTimeInBuffer);
    }

    @Override
    public String toString() {
        return "FirehoseSettings[deliveryStream="
                + deliveryStream
                + ", endpoint="
                + endpoint
                + ", aws="
                + aws
                + ", maxBatchSize="
                + maxBatchSize
                + ", maxInFlightRequests="
                + maxInFlightRequests
                + ", maxBufferedRequests="
                + maxBufferedRequests
                + ", maxTimeInBuffer="
                + maxTimeInBuffer
                + "]";
    }
}
