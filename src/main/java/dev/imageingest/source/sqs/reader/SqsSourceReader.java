package dev.imageingest.source.sqs.reader;

import dev.imageingest.ack.HeldMessages;
import dev.imageingest.aws.AwsErrors;
import dev.imageingest.model.SqsMessage;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import dev.imageingest.source.sqs.proxy.SqsQueueClient;
import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * visibilityExtensions}, {@code messagesLetGo} (held past SQS's 12 h limit or rejected by SQS),
 * {@code queueInFlightSeen} (the queue's in-flight count as last polled), {@code receivePaused} (1
 * while the in-flight cap holds receives back) and {@code receivePausedMillis} (total time paused).
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
    private final InFlightGate gate;

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
                HeldMessages.open(settings.queueUrl()),
                visibility(client, settings),
                new InFlightGate(
                        client,
                        settings.maxInFlight(),
                        settings.inFlightPollInterval().toMillis()));
    }

    private SqsSourceReader(
            SqsQueueClient client,
            SqsSourceSettings settings,
            SourceReaderContext context,
            Counter redelivered,
            HeldMessages held,
            Duration visibility,
            InFlightGate gate) {
        this(
                client,
                settings,
                context,
                redelivered,
                held,
                new VisibilityExtender(
                        client, held, visibility, settings.maxConcurrentVisibilityBatches()),
                gate);
    }

    private SqsSourceReader(
            SqsQueueClient client,
            SqsSourceSettings settings,
            SourceReaderContext context,
            Counter redelivered,
            HeldMessages held,
            VisibilityExtender extender,
            InFlightGate gate) {
        super(
                () ->
                        new SqsSplitReader(
                                client,
                                settings.receivesInFlight(),
                                settings.waitTime().isZero(),
                                held,
                                extender,
                                gate),
                new SqsRecordEmitter(metrics(context).counter("messagesReceived"), redelivered),
                new Configuration(),
                context);
        this.client = client;
        this.redelivered = redelivered;
        this.held = held;
        this.extender = extender;
        this.gate = gate;
        MetricGroup group = metrics(context);
        group.gauge("messagesHeld", held::size);
        group.gauge("visibilityExtensions", extender::extendedCount);
        group.gauge("messagesLetGo", extender::releasedCount);
        group.gauge("queueInFlightSeen", gate::seen);
        group.gauge("receivePausedMillis", () -> gate.pausedMillis(System.currentTimeMillis()));
        group.gauge("receivePaused", () -> gate.paused() ? 1 : 0);
    }

    /**
     * Checks the queue as the reader opens ({@code GetQueueAttributes}, bounded wait) and returns
     * the visibility timeout receives get: the requested one, else the queue's own. A queue that
     * does not exist, is forbidden or has an unusable KMS key fails the reader at once with one
     * line naming it; a queue that cannot be reached right now is only logged (receives retry),
     * with SQS's default 30 s assumed when the job requests no visibility timeout of its own.
     */
    private static Duration visibility(SqsQueueClient client, SqsSourceSettings settings) {
        try {
            int queueOwn = client.queueVisibilityTimeoutSeconds().get(10, TimeUnit.SECONDS);
            return settings.visibilityTimeout().isZero()
                    ? Duration.ofSeconds(queueOwn)
                    : settings.visibilityTimeout();
        } catch (ExecutionException e) {
            String line = AwsErrors.describe("SQS queue " + client.queueUrl(), e);
            if (AwsErrors.isFatal(e)) {
                client.close();
                throw new IllegalStateException(line, e);
            }
            return fallback(client, settings, line);
        } catch (TimeoutException e) {
            return fallback(client, settings, "no answer within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new IllegalStateException("interrupted while checking " + client.queueUrl(), e);
        }
    }

    private static Duration fallback(
            SqsQueueClient client, SqsSourceSettings settings, String why) {
        if (!settings.visibilityTimeout().isZero()) {
            LOG.warn("Could not check {} as the reader opens: {}", client.queueUrl(), why);
            return settings.visibilityTimeout();
        }
        LOG.warn(
                "Could not read the visibility timeout of {}; assuming SQS's default {}: {}",
                client.queueUrl(),
                SQS_DEFAULT_VISIBILITY,
                why);
        return SQS_DEFAULT_VISIBILITY;
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

    /** Time receives were held back by the in-flight cap so far. */
    long pausedMillis() {
        return gate.pausedMillis(System.currentTimeMillis());
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
