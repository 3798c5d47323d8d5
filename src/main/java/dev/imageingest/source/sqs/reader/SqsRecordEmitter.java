package dev.imageingest.source.sqs.reader;

import dev.imageingest.model.SqsMessage;
import dev.imageingest.model.SqsReceipt;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.metrics.Counter;

/**
 * Emits a message downstream with its receipt (queue URL and receipt handle), which travels with
 * the record to the sink; the sink deletes the message once Firehose has acknowledged the record.
 * Counts messages received and redeliveries seen (receive count above 1: the message was received
 * before and not deleted, so its record may be delivered twice).
 */
final class SqsRecordEmitter implements RecordEmitter<ReceivedMessage, SqsMessage, SqsSplitState> {
    private final Counter received;
    private final Counter redelivered;

    SqsRecordEmitter(Counter received, Counter redelivered) {
        this.received = received;
        this.redelivered = redelivered;
    }

    @Override
    public void emitRecord(
            ReceivedMessage message, SourceOutput<SqsMessage> output, SqsSplitState state) {
        SqsMessage out =
                new SqsMessage(message.messageId(), message.body(), message.receiveCount());
        SqsReceipt receipt =
                new SqsReceipt(
                        state.queueUrl(),
                        message.receiptHandle(),
                        message.receiveCount(),
                        message.receivedAt());
        receipt.setBody(message.body()); // unchanged, for the dead-letter queue
        out.setReceipt(receipt);
        output.collect(out);
        received.inc();
        if (message.receiveCount() > 1) {
            redelivered.inc();
        }
    }
}
