package dev.imageingest.source.sqs.reader;

import dev.imageingest.aws.AwsErrors;
import dev.imageingest.source.sqs.proxy.SqsQueueClient;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the queue below SQS's in-flight limit (about 120,000 received and not yet deleted messages
 * per standard queue; past it long polls silently return nothing). The reader asks {@link #open()}
 * before each receive; the gate closes while the queue's in-flight count is at or above the cap.
 *
 * <p>The count is the queue's {@code ApproximateNumberOfMessagesNotVisible}, asked with an async
 * {@code GetQueueAttributes} every poll interval from the fetcher thread (no thread of its own),
 * plus the messages this reader received since that request was sent, so one reader cannot run past
 * the cap between two polls by more than the receives it already has in flight. It counts every
 * holder of the queue (other readers, other jobs, messages handed back with a visibility timeout),
 * which is the point: the limit is the queue's.
 *
 * <p>One poller per reader rather than one in the enumerator: every reader sees the same queue-wide
 * number, the cost is {@code parallelism / interval} cheap calls per second (100 readers at 5 s:
 * 20/s), and no coordinator round trip (source events, a JobManager that may be busy with a
 * checkpoint) stands between the number and the pause.
 *
 * <p>Not thread-safe except {@link #received}, which SDK threads call.
 */
final class InFlightGate {
    private static final Logger LOG = LoggerFactory.getLogger(InFlightGate.class);

    private final SqsQueueClient client;
    private final long cap;
    private final long pollIntervalMillis;
    private final AtomicLong receivedTotal = new AtomicLong();

    private CompletableFuture<Integer> poll;
    private long receivedAtPoll;
    private long nextPollAt;
    private volatile long seen = -1;
    private long seenReceivedBase;
    private long pausedSince = -1;
    private volatile long pausedMillis;
    private volatile boolean paused;

    /**
     * @param cap pause receiving at this many in-flight messages; 0 disables the gate
     */
    InFlightGate(SqsQueueClient client, long cap, long pollIntervalMillis) {
        this.client = client;
        this.cap = cap;
        this.pollIntervalMillis = pollIntervalMillis;
    }

    /** Counts messages this reader just received (any thread). */
    void received(int n) {
        receivedTotal.addAndGet(n);
    }

    /**
     * Polls when due and says whether receiving may go on. Fails with the cause when the queue
     * cannot be asked for a reason retrying cannot fix (it went away, access was revoked).
     */
    boolean open(long now) throws IOException {
        if (cap <= 0) {
            return true;
        }
        CompletableFuture<Integer> p = poll;
        if (p != null && p.isDone()) {
            poll = null;
            try {
                seen = p.join();
                seenReceivedBase = receivedAtPoll;
            } catch (RuntimeException e) {
                if (AwsErrors.isFatal(e)) {
                    throw new IOException(
                            AwsErrors.describe("SQS queue " + client.queueUrl(), e), e);
                }
                LOG.warn(
                        "Could not read the in-flight count of {}; keeping the last one: {}",
                        client.queueUrl(),
                        AwsErrors.detail(e));
            }
        }
        if (poll == null && now >= nextPollAt) {
            nextPollAt = now + pollIntervalMillis;
            receivedAtPoll = receivedTotal.get();
            poll = client.inFlightCount();
        }
        boolean shut = seen >= 0 && estimate() >= cap;
        if (shut && !paused) {
            pausedSince = now;
            LOG.info(
                    "Pausing receives: about {} messages in flight on {} (cap {})",
                    estimate(),
                    client.queueUrl(),
                    cap);
        } else if (!shut && paused) {
            pausedMillis += now - pausedSince;
            pausedSince = -1;
            LOG.info("Resuming receives: about {} messages in flight", estimate());
        }
        paused = shut;
        return !shut;
    }

    /** The in-flight count last seen plus what this reader received since it was asked. */
    long estimate() {
        return seen < 0 ? -1 : seen + (receivedTotal.get() - seenReceivedBase);
    }

    /** The queue's in-flight count as last polled (-1 before the first answer). */
    long seen() {
        return seen;
    }

    /** Total time receives were paused, including a pause still going on. */
    long pausedMillis(long now) {
        long since = pausedSince;
        return pausedMillis + (paused && since >= 0 ? now - since : 0);
    }

    boolean paused() {
        return paused;
    }

    /** A pending poll, for the fetcher to wait on while paused. */
    CompletableFuture<Integer> pendingPoll() {
        return poll;
    }

    void close() {
        CompletableFuture<Integer> p = poll;
        if (p != null) {
            p.cancel(true);
        }
    }
}
