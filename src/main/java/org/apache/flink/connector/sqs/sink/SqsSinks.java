package org.apache.flink.connector.sqs.sink;

import java.util.Properties;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Builds an {@link SqsSink} with an element converter of the job's own. The connector's builder
 * only takes its {@link SqsSinkElementConverter}, which sets the message body and nothing else; the
 * dead-letter queue needs message attributes (status, error, receive count), and the sink's
 * constructor that takes any converter is package-private, hence this one class in the connector's
 * package. Everything else (batching, retries of failed entries, flush semantics) is the
 * connector's own {@code SqsSinkWriter}.
 */
public final class SqsSinks {
    private SqsSinks() {}

    public static <T> SqsSink<T> withConverter(
            ElementConverter<T, SendMessageBatchRequestEntry> converter,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMs,
            long maxRecordSizeInBytes,
            String queueUrl,
            Properties clientProperties) {
        return new SqsSink<>(
                converter,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                false, // failed entries are retried, never dropped
                queueUrl,
                clientProperties);
    }
}
