package dev.imageingest.source.sqs;

import dev.imageingest.model.SqsMessage;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import dev.imageingest.source.sqs.enumerator.SqsEnumeratorState;
import dev.imageingest.source.sqs.enumerator.SqsEnumeratorStateSerializer;
import dev.imageingest.source.sqs.enumerator.SqsSplitEnumerator;
import dev.imageingest.source.sqs.reader.SqsSourceReader;
import dev.imageingest.source.sqs.split.SqsQueueSplit;
import dev.imageingest.source.sqs.split.SqsQueueSplitSerializer;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Unbounded FLIP-27 source reading one image record per SQS message, at-least-once. It never
 * deletes: each message travels with its receipt, and the sink ({@code dev.imageingest.ack})
 * deletes it once Firehose has acknowledged its path record; a message not deleted is redelivered
 * after its visibility timeout. One split per reader; parallel readers share the queue.
 */
public final class SqsSource implements Source<SqsMessage, SqsQueueSplit, SqsEnumeratorState> {
    private final SqsSourceSettings settings;

    public SqsSource(SqsSourceSettings settings) {
        this.settings = settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<SqsMessage, SqsQueueSplit> createReader(SourceReaderContext context) {
        return new SqsSourceReader(settings, context);
    }

    @Override
    public SplitEnumerator<SqsQueueSplit, SqsEnumeratorState> createEnumerator(
            SplitEnumeratorContext<SqsQueueSplit> context) {
        return new SqsSplitEnumerator(context, settings.queueUrl(), SqsEnumeratorState.empty());
    }

    @Override
    public SplitEnumerator<SqsQueueSplit, SqsEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<SqsQueueSplit> context, SqsEnumeratorState checkpoint) {
        return new SqsSplitEnumerator(context, settings.queueUrl(), checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<SqsQueueSplit> getSplitSerializer() {
        return SqsQueueSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<SqsEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new SqsEnumeratorStateSerializer();
    }
}
