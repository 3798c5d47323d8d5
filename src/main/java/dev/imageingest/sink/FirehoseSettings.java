package dev.imageingest.sink;

import static dev.imageingest.sink.FirehoseOptions.*;

import dev.imageingest.aws.AwsSettings;
import dev.imageingest.settings.Checks;
import dev.imageingest.settings.ConfigException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/** Delivery stream and batching of the Firehose sink. */
public final class FirehoseSettings implements Serializable {
    private final String deliveryStream;
    private final String endpoint;
    private final AwsSettings aws;
    private final int maxBatchSize;
    private final int maxInFlightRequests;
    private final int maxBufferedRequests;
    private final Duration maxTimeInBuffer;

    /**
     * Reads the {@code firehose.*} keys and checks them against Firehose's limits (500 records per
     * PutRecordBatch); the buffer must hold at least one full batch.
     *
     * @param aws region and credentials of the job, shared with the other AWS clients
     * @throws ConfigException naming the key of a missing or out-of-range value
     */
    public static FirehoseSettings from(ReadableConfig c, AwsSettings aws) {
        int batchSize = Checks.between(c, FIREHOSE_MAX_BATCH_SIZE, 1, 500);
        return new FirehoseSettings(
                Checks.get(c, FIREHOSE_STREAM),
                Checks.url(c, FIREHOSE_ENDPOINT, true),
                aws,
                batchSize,
                Checks.between(c, FIREHOSE_MAX_IN_FLIGHT, 1, 1000),
                Checks.between(c, FIREHOSE_MAX_BUFFERED, batchSize, 1_000_000),
                Checks.get(c, FIREHOSE_MAX_TIME_IN_BUFFER));
    }

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
