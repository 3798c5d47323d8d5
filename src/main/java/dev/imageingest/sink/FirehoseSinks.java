package dev.imageingest.sink;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.aws.OpenCheck;
import dev.imageingest.aws.ResourceCheck;
import dev.imageingest.model.PathRecord;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
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

    static Properties clientProperties(FirehoseSettings s) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, s.aws().region());
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, s.aws().credentialsProvider());
        if (s.aws().staticKeysConfigured()) {
            p.setProperty(
                    AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                    s.aws().accessKeyId());
            p.setProperty(
                    AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                    s.aws().secretAccessKey());
        }
        if (!s.endpoint().isBlank()) {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, s.endpoint());
            p.setProperty(AWSConfigConstants.HTTP_PROTOCOL_VERSION, "HTTP1_1");
        }
        return p;
    }

    /** Path record to one JSONL line. */
    public static final class JsonLines implements SerializationSchema<PathRecord> {
        @Override
        public byte[] serialize(PathRecord record) {
            return PathRecordJson.toJsonLine(record);
        }
    }
}
