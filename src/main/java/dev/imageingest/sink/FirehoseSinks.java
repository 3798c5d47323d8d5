package dev.imageingest.sink;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.aws.ConnectorProperties;
import dev.imageingest.aws.OpenCheck;
import dev.imageingest.aws.ResourceCheck;
import dev.imageingest.model.PathRecord;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.firehose.sink.KinesisFirehoseSink;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;

/**
 * Builds the {@link KinesisFirehoseSink} for path records. Failed entries of a PutRecordBatch are
 * retried by the sink (fail-on-error off). The job wraps it in {@code AckingSink}, which drains it
 * completely at every checkpoint and then deletes the messages of the acknowledged records.
 */
public final class FirehoseSinks {
    private FirehoseSinks() {}

    public static KinesisFirehoseSink<PathRecord> pathRecords(FirehoseSettings s) {
        return KinesisFirehoseSink.<PathRecord>builder()
                .setFirehoseClientProperties(clientProperties(s))
                .setDeliveryStreamName(s.deliveryStream())
                .setSerializationSchema(new JsonLines())
                .setMaxBatchSize(s.maxBatchSize())
                .setMaxInFlightRequests(s.maxInFlightRequests())
                .setMaxBufferedRequests(s.maxBufferedRequests())
                .setMaxTimeInBufferMS(s.maxTimeInBuffer().toMillis())
                .setFailOnError(false)
                .build();
    }

    /**
     * {@code DescribeDeliveryStream} as the sink opens (run by {@code AckingSink}): a missing or
     * forbidden stream fails the writer at once with one line, before any record is written; an
     * unreachable endpoint is only logged. The short-lived client is closed with its HTTP client.
     */
    public static OpenCheck deliveryStreamCheck(FirehoseSettings s) {
        return () -> {
            Duration timeout = Duration.ofSeconds(10);
            try (FirehoseAsyncClient client = AwsClients.firehose(s.aws(), s.endpoint(), 1)) {
                ResourceCheck.atOpen(
                        ResourceCheck.deliveryStream(client, s.deliveryStream(), timeout), timeout);
            }
        };
    }

    /** HTTP/2 against AWS, HTTP/1.1 against a custom endpoint: see {@link ConnectorProperties}. */
    static Properties clientProperties(FirehoseSettings s) {
        return ConnectorProperties.of(
                s.aws(), s.endpoint(), ConnectorProperties.Http11.CUSTOM_ENDPOINT_ONLY);
    }

    /** Path record to one JSONL line. */
    public static final class JsonLines implements SerializationSchema<PathRecord> {
        @Override
        public byte[] serialize(PathRecord record) {
            return PathRecordJson.toJsonLine(record);
        }
    }
}
