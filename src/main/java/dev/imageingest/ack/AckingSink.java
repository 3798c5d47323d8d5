package dev.imageingest.ack;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.aws.OpenCheck;
import dev.imageingest.model.PathRecord;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Wraps the path-record sink (Firehose) so that a message leaves SQS only after its record is
 * durable outside Flink. At every checkpoint barrier and at end of input the writer drains the
 * wrapped writer completely ({@code flush(true)}: every buffered record sent and acknowledged,
 * failed entries retried) and only then deletes the messages of the records written so far.
 *
 * <p>The wrapper holds no receipt handles in Flink state: after a restore, messages whose records
 * were not yet acknowledged simply reappear after their visibility timeout and are processed again
 * (at-least-once; the duplicate carries the same record id). The wrapped sink's own state (its
 * buffer, empty after the drain) is passed through unchanged, so savepoints taken before this
 * wrapper existed still restore.
 *
 * @param <S> the wrapped writer's state
 */
public final class AckingSink<S> implements StatefulSink<PathRecord, S> {
    private static final long serialVersionUID = 1L;

    private final StatefulSink<PathRecord, S> delegate;
    private final SqsSourceSettings sqs;
    private final OpenCheck openCheck;

    /**
     * @param delegate the sink to wrap; its writer must send and await everything it buffers on
     *     {@code flush(true)}, as {@code AsyncSinkWriter} does
     * @param sqs where to delete (endpoint and credentials; the queue URL travels with each record)
     */
    public AckingSink(StatefulSink<PathRecord, S> delegate, SqsSourceSettings sqs) {
        this(delegate, sqs, OpenCheck.none());
    }

    /**
     * @param openCheck run as each writer opens, before the wrapped writer is created (e.g. that
     *     the delivery stream exists), so a wrong setup fails at once with one line rather than at
     *     the first checkpoint's drain
     */
    public AckingSink(
            StatefulSink<PathRecord, S> delegate, SqsSourceSettings sqs, OpenCheck openCheck) {
        this.delegate = delegate;
        this.sqs = sqs;
        this.openCheck = openCheck;
    }

    @Override
    public StatefulSinkWriter<PathRecord, S> createWriter(InitContext context) throws IOException {
        openCheck.run();
        SinkWriter<PathRecord> writer = delegate.createWriter(context);
        if (!(writer instanceof StatefulSinkWriter)) {
            throw new IllegalStateException("not a stateful writer: " + writer.getClass());
        }
        @SuppressWarnings("unchecked") // a StatefulSink's writers carry its state type
        StatefulSinkWriter<PathRecord, S> stateful = (StatefulSinkWriter<PathRecord, S>) writer;
        return wrap(stateful, context);
    }

    @Override
    public StatefulSinkWriter<PathRecord, S> restoreWriter(
            InitContext context, Collection<S> recoveredState) throws IOException {
        openCheck.run();
        return wrap(delegate.restoreWriter(context, recoveredState), context);
    }

    @Override
    public SimpleVersionedSerializer<S> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    private StatefulSinkWriter<PathRecord, S> wrap(
            StatefulSinkWriter<PathRecord, S> writer, InitContext context) {
        return new AckingSinkWriter<>(
                writer,
                new MessageDeleter(
                        AwsClients.sqs(sqs.aws(), sqs.endpoint(), sqs.maxConcurrentDeletes()),
                        sqs.maxConcurrentDeletes()),
                context.metricGroup().addGroup("sqs"));
    }
}
