package dev.imageingest.retry;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Hands messages back to SQS for a later try: sets each one's visibility timeout to its backoff
 * with {@code ChangeMessageVisibilityBatch} ({@link HandBacks}: 10 per call, a bounded number of
 * calls in flight, never blocking the task thread) instead of writing a record for it.
 *
 * <p>Stateless on purpose: a hand-back lost to a crash costs nothing but time, since the message
 * was never deleted and returns when its current visibility timeout ends.
 *
 * <p>Metrics (group {@code retry}): {@code handedBack} (SQS confirmed), {@code handBackFailures}
 * (rejected or failed calls: the message returns after its current visibility instead), {@code
 * handBacksDropped} (too many waiting; same effect), {@code handBacksPending}.
 */
public final class HandBackSink implements Sink<HandBack> {
    private static final long serialVersionUID = 1L;

    /** Concurrent ChangeMessageVisibilityBatch calls per writer. */
    static final int MAX_CONCURRENT_BATCHES = 8;

    /** Batches waiting for a free call before new hand-backs are dropped. */
    static final int MAX_WAITING_BATCHES = 1_000;

    private final SqsSourceSettings sqs;

    /**
     * @param sqs endpoint and credentials; the queue URL travels with each receipt
     */
    public HandBackSink(SqsSourceSettings sqs) {
        this.sqs = sqs;
    }

    @Override
    public SinkWriter<HandBack> createWriter(InitContext context) throws IOException {
        HandBacks handBacks =
                new HandBacks(
                        AwsClients.sqs(sqs.aws(), sqs.endpoint(), MAX_CONCURRENT_BATCHES),
                        MAX_CONCURRENT_BATCHES,
                        MAX_WAITING_BATCHES);
        MetricGroup g = context.metricGroup().addGroup("retry");
        g.gauge("handedBack", handBacks::handedBackCount);
        g.gauge("handBackFailures", handBacks::failedCount);
        g.gauge("handBacksDropped", handBacks::droppedCount);
        g.gauge("handBacksPending", handBacks::pendingCount);
        return new Writer(handBacks);
    }

    private static final class Writer implements SinkWriter<HandBack> {
        private final HandBacks handBacks;

        Writer(HandBacks handBacks) {
            this.handBacks = handBacks;
        }

        @Override
        public void write(HandBack element, Context context) {
            handBacks.add(element);
        }

        @Override
        public void flush(boolean endOfInput) {
            handBacks.sendPartialBatches();
        }

        @Override
        public void close() throws Exception {
            handBacks.close();
        }
    }
}
