package dev.imageingest.retry;

import dev.imageingest.ack.AckingSink;
import dev.imageingest.aws.ConnectorProperties;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.sqs.sink.SqsSink;
import org.apache.flink.connector.sqs.sink.SqsSinks;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The dead-letter queue sink: {@code SqsSink} from flink-connector-sqs, sending each {@link
 * DeadLetter}'s original body unchanged with message attributes {@value #STATUS}, {@value #ERROR}
 * (when there is one), {@value #RECEIVE_COUNT}, {@value #RECORD_ID} and {@value #SOURCE_QUEUE},
 * wrapped in {@link AckingSink} so the original message is deleted only after the dead-letter queue
 * acknowledged the send (drained with {@code flush(true)} at every checkpoint).
 */
public final class DeadLetterSinks {
    public static final String STATUS = "status";
    public static final String ERROR = "error";
    public static final String RECEIVE_COUNT = "receive_count";
    public static final String RECORD_ID = "record_id";
    public static final String SOURCE_QUEUE = "source_queue";

    /** SQS's message size limit (body and attributes), also the batch limit. */
    static final long MAX_BYTES = 1024 * 1024;

    /** Longest error attribute; the record's error column keeps the full text. */
    static final int MAX_ERROR_CHARS = 1024;

    private DeadLetterSinks() {}

    /** The acknowledged dead-letter sink: send, await the ack, then delete the original. */
    public static AckingSink<DeadLetter, BufferedRequestState<SendMessageBatchRequestEntry>> acking(
            DeadLetterSettings dlq, SqsSourceSettings source) {
        return new AckingSink<>(sqsSink(dlq), source, DeadLetter::receipt, "dlq");
    }

    /** The bare connector sink (no delete of the original). */
    public static SqsSink<DeadLetter> sqsSink(DeadLetterSettings dlq) {
        return SqsSinks.withConverter(
                new Converter(),
                10, // SendMessageBatch limit
                8,
                1_000,
                MAX_BYTES,
                500,
                MAX_BYTES,
                dlq.queueUrl(),
                clientProperties(dlq));
    }

    /** HTTP/1.1 against every endpoint: see {@link ConnectorProperties}. */
    static Properties clientProperties(DeadLetterSettings s) {
        return ConnectorProperties.of(s.aws(), s.endpoint(), ConnectorProperties.Http11.ALWAYS);
    }

    /** Dead letter to a SendMessageBatch entry: original body, reasons as attributes. */
    static final class Converter
            implements ElementConverter<DeadLetter, SendMessageBatchRequestEntry> {
        private static final long serialVersionUID = 1L;

        @Override
        public SendMessageBatchRequestEntry apply(DeadLetter d, SinkWriter.Context context) {
            Map<String, MessageAttributeValue> attrs = new HashMap<>();
            text(attrs, STATUS, d.status());
            if (d.error() != null && !d.error().isBlank()) {
                String e = d.error();
                text(
                        attrs,
                        ERROR,
                        e.length() > MAX_ERROR_CHARS ? e.substring(0, MAX_ERROR_CHARS) : e);
            }
            attrs.put(
                    RECEIVE_COUNT,
                    MessageAttributeValue.builder()
                            .dataType("Number")
                            .stringValue(Integer.toString(d.receiveCount()))
                            .build());
            text(attrs, RECORD_ID, d.recordId());
            text(attrs, SOURCE_QUEUE, d.sourceQueue());
            return SendMessageBatchRequestEntry.builder()
                    .id(java.util.UUID.randomUUID().toString())
                    .messageBody(d.body())
                    .messageAttributes(attrs)
                    .build();
        }

        private static void text(Map<String, MessageAttributeValue> attrs, String name, String v) {
            if (v != null && !v.isEmpty()) { // SQS rejects empty attribute values
                attrs.put(
                        name,
                        MessageAttributeValue.builder().dataType("String").stringValue(v).build());
            }
        }
    }
}
