package dev.imageingest.source.sqs.reader;

import dev.imageingest.source.sqs.SqsMessage;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.metrics.Counter;

/** Emits a message downstream and stages its receipt handle for deletion after the checkpoint. */
final class SqsRecordEmitter implements RecordEmitter<ReceivedMessage, SqsMessage, SqsSplitState> {
    private final Counter received;

    SqsRecordEmitter(Counter received) {
        this.received = received;
    }

    @Override
    public void emitRecord(
            ReceivedMessage message, SourceOutput<SqsMessage> output, SqsSplitState state) {
        output.collect(new SqsMessage(message.messageId(), message.body(), message.receiveCount()));
        state.tracker().stage(message.receiptHandle());
        received.inc();
    }
}
