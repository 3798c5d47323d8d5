package dev.imageingest.source.sqs.reader;

import dev.imageingest.source.sqs.SqsMessage;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import dev.imageingest.source.sqs.proxy.SqsQueueClient;
import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.MetricGroup;

/**
 * SQS source reader. Messages are deleted only after the checkpoint that covers them completes:
 * their receipt handles are staged when emitted, sealed under the checkpoint id at snapshot, and
 * deleted for every checkpoint id {@code <=} the completed one.
 *
 * <p>Metrics (group {@code sqs}): {@code messagesReceived}, {@code messagesDeleted}, {@code
 * messagesPendingDeletion}, {@code deleteFailures}.
 */
public final class SqsSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                ReceivedMessage, SqsMessage, SqsQueueSplit, SqsSplitState> {

    private static final java.time.Duration CLOSE_DRAIN_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final SqsQueueClient client;
    private final SqsMessageDeleter deleter;
    private final Map<String, SqsSplitState> states = new ConcurrentHashMap<>();

    public SqsSourceReader(SqsSourceSettings settings, SourceReaderContext context) {
        this(new SqsQueueClient(settings), settings, context);
    }

    private SqsSourceReader(
            SqsQueueClient client, SqsSourceSettings settings, SourceReaderContext context) {
        super(
                () ->
                        new SqsSplitReader(
                                client, settings.receivesInFlight(), settings.waitTime().isZero()),
                new SqsRecordEmitter(metrics(context).counter("messagesReceived")),
                new Configuration(),
                context);
        this.client = client;
        this.deleter = new SqsMessageDeleter(client);
        MetricGroup group = metrics(context);
        group.gauge("messagesPendingDeletion", this::pendingDeletion);
        group.gauge("messagesDeleted", deleter::deletedCount);
        group.gauge("deleteFailures", deleter::failedCount);
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
        // a split id seen twice keeps one state, so no staged handle is forgotten
        SqsSplitState state =
                states.computeIfAbsent(split.splitId(), id -> new SqsSplitState(split));
        if (!split.pendingReceiptHandles().isEmpty()) {
            // Restored from a completed checkpoint: these messages' results are in its state.
            deleter.delete(split.pendingReceiptHandles());
        }
        return state;
    }

    @Override
    public List<SqsQueueSplit> snapshotState(long checkpointId) {
        states.values().forEach(s -> s.tracker().seal(checkpointId));
        return super.snapshotState(checkpointId);
    }

    @Override
    protected SqsQueueSplit toSplitType(String splitId, SqsSplitState state) {
        return state.toSplit();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        for (SqsSplitState state : states.values()) {
            List<String> handles = state.tracker().takeUpTo(checkpointId);
            if (!handles.isEmpty()) {
                deleter.delete(handles);
            }
        }
    }

    @Override
    protected void onSplitFinished(Map<String, SqsSplitState> finishedSplitIds) {
        // queue splits never finish
    }

    /**
     * Messages emitted whose deletion has not been confirmed yet. Read by the metrics reporter
     * thread: the tracker counts are volatile and the state map concurrent.
     */
    long pendingDeletion() {
        long tracked = 0;
        for (SqsSplitState s : states.values()) {
            tracked += s.tracker().pendingCount();
        }
        return tracked + deleter.inFlightCount();
    }

    /** Messages whose deletion SQS confirmed. */
    long deletedCount() {
        return deleter.deletedCount();
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
            // deletes issued by the last completed checkpoint (e.g. of a stop-with-savepoint)
            // get a moment to finish; whatever does not is redelivered, never lost
            deleter.awaitIdle(CLOSE_DRAIN_TIMEOUT);
        } finally {
            client.close();
        }
    }
}
