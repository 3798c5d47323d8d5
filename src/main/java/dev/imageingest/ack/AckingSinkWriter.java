package dev.imageingest.ack;

import dev.imageingest.model.SqsReceipt;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSink.StatefulSinkWriter;
import org.apache.flink.metrics.MetricGroup;

/**
 * See {@link AckingSink}. Keeps the receipts of records handed to the wrapped writer; on {@code
 * flush} (checkpoint barrier or end of input) it first drains the wrapped writer with {@code
 * flush(true)}, which returns only when every record written so far is acknowledged (by Firehose,
 * or by the dead-letter queue for dead letters; or throws, e.g. for a missing delivery stream, and
 * then nothing is deleted), and then queues those receipts for asynchronous deletion. After the
 * drain the wrapped writer's snapshot holds no buffered records.
 *
 * <p>Metrics (group {@code sqs}; {@code dlq} for the dead-letter sink): {@code
 * messagesAcknowledged} (records acknowledged whose message is queued for deletion), {@code
 * messagesDeleted}, {@code deleteFailures}, {@code messagesPendingDeletion} (written, not yet
 * deleted).
 */
final class AckingSinkWriter<T, S> implements StatefulSinkWriter<T, S> {
    private static final Duration CLOSE_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final StatefulSinkWriter<T, S> delegate;
    private final AckingSink.ReceiptOf<T> receiptOf;
    private final MessageDeleter deleter;
    private List<SqsReceipt> written = new ArrayList<>();
    private volatile long writtenCount; // read by the metrics reporter thread
    private long acknowledged;

    AckingSinkWriter(
            StatefulSinkWriter<T, S> delegate,
            AckingSink.ReceiptOf<T> receiptOf,
            MessageDeleter deleter,
            MetricGroup metrics) {
        this.delegate = delegate;
        this.receiptOf = receiptOf;
        this.deleter = deleter;
        metrics.gauge("messagesAcknowledged", () -> acknowledged);
        metrics.gauge("messagesDeleted", deleter::deletedCount);
        metrics.gauge("deleteFailures", deleter::failedCount);
        metrics.gauge("messagesPendingDeletion", () -> writtenCount + deleter.pendingCount());
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        delegate.write(element, context);
        SqsReceipt receipt = receiptOf.apply(element);
        if (receipt != null) {
            written.add(receipt);
            writtenCount = written.size();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        // send everything buffered, not just wait for what is in flight: only an acknowledged
        // record may release its message
        delegate.flush(true);
        if (!written.isEmpty()) {
            List<SqsReceipt> done = written;
            written = new ArrayList<>();
            writtenCount = 0;
            acknowledged += done.size();
            deleter.delete(done);
        }
    }

    @Override
    public List<S> snapshotState(long checkpointId) throws IOException {
        return delegate.snapshotState(checkpointId);
    }

    @Override
    public void close() throws Exception {
        try {
            delegate.close();
        } finally {
            try {
                // deletes of the last flush get a moment; whatever does not finish is redelivered
                deleter.awaitIdle(CLOSE_DRAIN_TIMEOUT);
            } finally {
                // also when the wait is interrupted (a cancelled or failing-over task is
                // interrupted): else the SQS client and its SDK executors outlive the writer
                deleter.close();
            }
        }
    }
}
