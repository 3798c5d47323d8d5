package dev.imageingest.ack;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.aws.OpenCheck;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.SqsReceipt;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import java.util.function.Function;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Wraps a sink (Firehose for path records, SQS for dead letters) so that a message leaves SQS only
 * after what the sink writes for it is durable outside Flink. At every checkpoint barrier and at
 * end of input the writer drains the wrapped writer completely ({@code flush(true)}: every buffered
 * record sent and acknowledged, failed entries retried) and only then deletes the messages of the
 * records written so far.
 *
 * <p>The wrapper holds no receipt handles in Flink state: after a restore, messages whose records
 * were not yet acknowledged simply reappear after their visibility timeout and are processed again
 * (at-least-once; the duplicate carries the same record id). The wrapped sink's own state (its
 * buffer, empty after the drain) is passed through unchanged, so savepoints taken before this
 * wrapper existed still restore.
 *
 * <p>Each element names the message it settles through {@link ReceiptOf}; elements without a
 * receipt (a path record whose message is settled by its dead letter) are written but delete
 * nothing.
 *
 * @param <T> the elements written
 * @param <S> the wrapped writer's state
 */
public final class AckingSink<T, S> implements StatefulSink<T, S> {
    private static final long serialVersionUID = 1L;

    /** Concurrent DeleteMessageBatch calls per writer. */
    private final StatefulSink<T, S> delegate;

    private final SqsSourceSettings sqs;
    private final ReceiptOf<T> receiptOf;
    private final String metricGroup;
    private final OpenCheck openCheck;

    /** The message an element settles, or null when it settles none. */
    public interface ReceiptOf<T> extends Function<T, SqsReceipt>, Serializable {}

    /**
     * @param delegate the sink to wrap; its writer must send and await everything it buffers on
     *     {@code flush(true)}, as {@code AsyncSinkWriter} does
     * @param sqs where to delete (endpoint and credentials; the queue URL travels with each record)
     * @param receiptOf the message each element settles
     * @param metricGroup name of the writer's metric group
     */
    public AckingSink(
            StatefulSink<T, S> delegate,
            SqsSourceSettings sqs,
            ReceiptOf<T> receiptOf,
            String metricGroup) {
        this(delegate, sqs, receiptOf, metricGroup, OpenCheck.none());
    }

    /**
     * @param openCheck run as each writer opens, before the wrapped writer is created (e.g. that
     *     the delivery stream exists), so a wrong setup fails at once with one line rather than at
     *     the first checkpoint's drain
     */
    public AckingSink(
            StatefulSink<T, S> delegate,
            SqsSourceSettings sqs,
            ReceiptOf<T> receiptOf,
            String metricGroup,
            OpenCheck openCheck) {
        this.delegate = delegate;
        this.sqs = sqs;
        this.receiptOf = receiptOf;
        this.metricGroup = metricGroup;
        this.openCheck = openCheck;
    }

    /** The path-record sink: deletes each record's message once Firehose acknowledged it. */
    public static <S> AckingSink<PathRecord, S> pathRecords(
            StatefulSink<PathRecord, S> delegate, SqsSourceSettings sqs, OpenCheck openCheck) {
        return new AckingSink<>(delegate, sqs, PathRecord::receipt, "sqs", openCheck);
    }

    /** {@link #pathRecords(StatefulSink, SqsSourceSettings, OpenCheck)} without an open check. */
    public static <S> AckingSink<PathRecord, S> pathRecords(
            StatefulSink<PathRecord, S> delegate, SqsSourceSettings sqs) {
        return pathRecords(delegate, sqs, OpenCheck.none());
    }

    @Override
    public StatefulSinkWriter<T, S> createWriter(InitContext context) throws IOException {
        openCheck.run();
        SinkWriter<T> writer = delegate.createWriter(context);
        if (!(writer instanceof StatefulSinkWriter)) {
            throw new IllegalStateException("not a stateful writer: " + writer.getClass());
        }
        @SuppressWarnings("unchecked") // a StatefulSink's writers carry its state type
        StatefulSinkWriter<T, S> stateful = (StatefulSinkWriter<T, S>) writer;
        return wrap(stateful, context);
    }

    @Override
    public StatefulSinkWriter<T, S> restoreWriter(InitContext context, Collection<S> recoveredState)
            throws IOException {
        openCheck.run();
        return wrap(delegate.restoreWriter(context, recoveredState), context);
    }

    @Override
    public SimpleVersionedSerializer<S> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    private StatefulSinkWriter<T, S> wrap(StatefulSinkWriter<T, S> writer, InitContext context) {
        return new AckingSinkWriter<>(
                writer,
                receiptOf,
                new MessageDeleter(
                        AwsClients.sqs(sqs.aws(), sqs.endpoint(), sqs.maxConcurrentDeletes()),
                        sqs.maxConcurrentDeletes()),
                context.metricGroup().addGroup(metricGroup));
    }
}
