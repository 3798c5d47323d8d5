package dev.imageingest.source.sqs.reader;

import dev.imageingest.source.sqs.SqsMessage;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import dev.imageingest.source.sqs.proxy.SqsQueueClient;
import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * SQS source reader. It only receives: each emitted message carries its receipt handle, and the
 * sink deletes the message after Firehose has acknowledged its path record. The reader's checkpoint
 * therefore holds no handles and no delete duty.
 *
 * <p>Metrics (group {@code sqs}): {@code messagesReceived}, {@code messagesRedelivered} (receive
 * count above 1: a duplicate may follow).
 */
public final class SqsSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                ReceivedMessage, SqsMessage, SqsQueueSplit, SqsSplitState> {

    private final SqsQueueClient client;
    private final Counter redelivered;

    public SqsSourceReader(SqsSourceSettings settings, SourceReaderContext context) {
        this(new SqsQueueClient(settings), settings, context);
    }

    private SqsSourceReader(
            SqsQueueClient client, SqsSourceSettings settings, SourceReaderContext context) {
        this(client, settings, context, metrics(context).counter("messagesRedelivered"));
    }

    private SqsSourceReader(
            SqsQueueClient client,
            SqsSourceSettings settings,
            SourceReaderContext context,
            Counter redelivered) {
        super(
                () ->
                        new SqsSplitReader(
                                client, settings.receivesInFlight(), settings.waitTime().isZero()),
                new SqsRecordEmitter(metrics(context).counter("messagesReceived"), redelivered),
                new Configuration(),
                context);
        this.client = client;
        this.redelivered = redelivered;
    }

    private static MetricGroup metrics(SourceReaderContext context) {
        return context.metricGroup().addGroup("sqs");
    }

    @Override
    public void start() {
        // one split per reader, assigned by the enumerator when this reader registers
    }

    @Override
    protected SqsSplitState initializedState(SqsQueueSplit split) {
        return new SqsSplitState(split);
    }

    @Override
    protected SqsQueueSplit toSplitType(String splitId, SqsSplitState state) {
        return state.toSplit();
    }

    @Override
    protected void onSplitFinished(Map<String, SqsSplitState> finishedSplitIds) {
        // queue splits never finish
    }

    /** Messages received with a receive count above 1 (each may produce a duplicate record). */
    long redeliveredCount() {
        return redelivered.getCount();
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            client.close();
        }
    }
}
