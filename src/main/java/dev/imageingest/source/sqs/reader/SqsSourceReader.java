package dev.imageingest.source.sqs.reader;

import dev.imageingest.ack.HeldMessages;
import dev.imageingest.source.sqs.SqsMessage;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import dev.imageingest.source.sqs.proxy.SqsQueueClient;
import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQS source reader. It only receives: each emitted message carries its receipt handle, and the
 * sink deletes the message after Firehose has acknowledged its path record. The reader's checkpoint
 * therefore holds no handles and no delete duty.
 *
 * <p>Until the sink deletes a message, the reader keeps it invisible ({@link VisibilityExtender}),
 * so it does not reappear while the job still holds it.
 *
 * <p>Metrics (group {@code sqs}): {@code messagesReceived}, {@code messagesRedelivered} (receive
 * count above 1: a duplicate may follow), {@code messagesHeld} (emitted, not yet deleted), {@code
 * visibilityExtensions}, {@code messagesLetGo} (held past SQS's 12 h limit or rejected by SQS).
 */
public final class SqsSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                ReceivedMessage, SqsMessage, SqsQueueSplit, SqsSplitState> {

    private static final Logger LOG = LoggerFactory.getLogger(SqsSourceReader.class);
    private static final Duration SQS_DEFAULT_VISIBILITY = Duration.ofSeconds(30);

    private final SqsQueueClient client;
    private final Counter redelivered;
    private final HeldMessages held;
    private final VisibilityExtender extender;

    public SqsSourceReader(SqsSourceSettings settings, SourceReaderContext context) {
        this(new SqsQueueClient(settings), settings, context);
    }

    private SqsSourceReader(
            SqsQueueClient client, SqsSourceSettings settings, SourceReaderContext context) {
        this(
                client,
                settings,
                context,
                metrics(context).counter("messagesRedelivered"),
                HeldMessages.open(),
                visibility(client, settings));
    }

    private SqsSourceReader(
            SqsQueueClient client,
            SqsSourceSettings settings,
            SourceReaderContext context,
            Counter redelivered,
            HeldMessages held,
            Duration visibility) {
        this(
                client,
                settings,
                context,
                redelivered,
                held,
                new VisibilityExtender(client, held, visibility));
    }

    private SqsSourceReader(
            SqsQueueClient client,
            SqsSourceSettings settings,
            SourceReaderContext context,
            Counter redelivered,
            HeldMessages held,
            VisibilityExtender extender) {
        super(
                () ->
                        new SqsSplitReader(
                                client,
                                settings.receivesInFlight(),
                                settings.waitTime().isZero(),
                                held,
                                extender),
                new SqsRecordEmitter(metrics(context).counter("messagesReceived"), redelivered),
                new Configuration(),
                context);
        this.client = client;
        this.redelivered = redelivered;
        this.held = held;
        this.extender = extender;
        MetricGroup group = metrics(context);
        group.gauge("messagesHeld", held::size);
        group.gauge("visibilityExtensions", extender::extendedCount);
        group.gauge("messagesLetGo", extender::releasedCount);
    }

    /**
     * The visibility timeout receives get: the requested one, else the queue's own (asked once at
     * start, bounded; SQS's default 30 s if the queue cannot be asked).
     */
    private static Duration visibility(SqsQueueClient client, SqsSourceSettings settings) {
        if (!settings.visibilityTimeout().isZero()) {
            return settings.visibilityTimeout();
        }
        try {
            return Duration.ofSeconds(
                    client.queueVisibilityTimeoutSeconds().get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            LOG.warn(
                    "Could not read the visibility timeout of {}; assuming SQS's default {}: {}",
                    client.queueUrl(),
                    SQS_DEFAULT_VISIBILITY,
                    e.toString());
            return SQS_DEFAULT_VISIBILITY;
        }
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

    /** Messages emitted and not yet seen deleted. */
    int heldCount() {
        return held.size();
    }

    long extendedCount() {
        return extender.extendedCount();
    }

    @Override
    public void close() throws Exception {
        try {
            extender.close();
            held.close();
            super.close();
        } finally {
            client.close();
        }
    }
}
