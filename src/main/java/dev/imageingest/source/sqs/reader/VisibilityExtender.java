package dev.imageingest.source.sqs.reader;

import dev.imageingest.ack.HeldMessages;
import dev.imageingest.aws.AwsErrors;
import dev.imageingest.source.sqs.proxy.SqsQueueClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;

/**
 * Keeps the messages a reader has emitted invisible until the sink deletes them, so no message
 * reappears (and is processed twice) while the job still holds it, however long back-pressure, a
 * slow checkpoint or a Firehose outage keeps it: every tick, each held message whose invisibility
 * ends within half a visibility timeout gets a fresh one, with {@code ChangeMessageVisibilityBatch}
 * (10 per call, at most {@code sqs.max-concurrent-visibility-batches} calls in flight, async; the
 * SQS client has room for them next to the receives).
 *
 * <p>SQS caps a message's invisibility at 12 hours from its receive; a message held that long is
 * let go (logged) and comes back. An entry SQS rejects (the message was deleted, or the handle is
 * stale) is dropped. Runs on its own daemon thread, never the task thread; stops when the reader
 * closes, after which the held messages reappear when their current invisibility ends.
 */
final class VisibilityExtender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VisibilityExtender.class);
    private static final long SQS_MAX_INVISIBLE_MILLIS = Duration.ofHours(12).toMillis();

    private final SqsQueueClient client;
    private final HeldMessages held;
    private final long visibilityMillis;
    private final ScheduledExecutorService timer;
    private final Semaphore calls;
    private final long tickMillis;

    /** Handles whose extension is in flight: not sent again until it answers. */
    private final Set<String> extending = ConcurrentHashMap.newKeySet();

    private final AtomicLong extended = new AtomicLong();
    private final AtomicLong released = new AtomicLong();

    /**
     * @param visibility the visibility timeout each receive requested (the queue's own when the job
     *     requests none)
     */
    VisibilityExtender(
            SqsQueueClient client, HeldMessages held, Duration visibility, int maxConcurrentCalls) {
        this.calls = new Semaphore(maxConcurrentCalls);
        this.client = client;
        this.held = held;
        this.visibilityMillis = visibility.toMillis();
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "sqs-visibility-" + client.queueUrl());
                            t.setDaemon(true);
                            return t;
                        });
        tickMillis = Math.max(200, Math.min(visibilityMillis / 8, 10_000));
        timer.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** When a message received now stops being invisible. */
    long invisibleUntil(long receivedAt) {
        return receivedAt + visibilityMillis;
    }

    void tick() {
        try {
            long now = System.currentTimeMillis();
            List<HeldMessages.Held> due = held.endingBefore(now + visibilityMillis / 2);
            // the most urgent first: when there are more than the calls in flight can carry in one
            // tick, those closest to reappearing must not wait behind the others
            due.sort(Comparator.comparingLong(h -> h.invisibleUntil));
            List<String> batch = new ArrayList<>();
            for (HeldMessages.Held h : due) {
                if (extending.contains(h.receiptHandle)) {
                    continue;
                }
                if (now - h.receivedAt + visibilityMillis > SQS_MAX_INVISIBLE_MILLIS) {
                    held.drop(h.receiptHandle);
                    released.incrementAndGet();
                    LOG.warn(
                            "Message held for {} s reaches SQS's 12 h visibility limit; it will"
                                    + " be redelivered",
                            (now - h.receivedAt) / 1000);
                    continue;
                }
                batch.add(h.receiptHandle);
                if (batch.size() == 10) {
                    if (!send(batch)) {
                        return; // calls stayed busy a whole tick: the rest waits for the next
                    }
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                send(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (RuntimeException e) {
            LOG.warn("Visibility extension tick failed; retrying next tick", e);
        }
    }

    /**
     * Waits up to a tick for room among the calls in flight (on the extender's own thread): a tick
     * that gave up at the first busy moment extended at most {@code
     * sqs.max-concurrent-visibility-batches} x 10 messages per tick, and a reader holding more than
     * that at once (a long checkpoint interval, a short visibility timeout) let messages reappear
     * (SqsFaultsITCase).
     */
    private boolean send(List<String> handles) throws InterruptedException {
        if (!calls.tryAcquire(tickMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        extending.addAll(handles);
        int seconds = (int) Math.max(1, visibilityMillis / 1000);
        long until = System.currentTimeMillis() + visibilityMillis;
        try {
            client.changeVisibilityBatch(handles, seconds)
                    .whenComplete(
                            (response, error) -> {
                                handles.forEach(extending::remove);
                                calls.release();
                                if (error != null) {
                                    LOG.warn(
                                            "ChangeMessageVisibilityBatch failed, retrying next"
                                                    + " tick: {}",
                                            AwsErrors.describe(
                                                    "SQS queue " + client.queueUrl(), error));
                                    return;
                                }
                                response.successful()
                                        .forEach(
                                                e ->
                                                        held.extended(
                                                                handles.get(
                                                                        Integer.parseInt(e.id())),
                                                                until));
                                extended.addAndGet(response.successful().size());
                                for (BatchResultErrorEntry e : response.failed()) {
                                    // deleted meanwhile (by a sink in another JVM) or stale
                                    held.drop(handles.get(Integer.parseInt(e.id())));
                                    released.incrementAndGet();
                                }
                            });
        } catch (RuntimeException e) {
            handles.forEach(extending::remove);
            calls.release();
            LOG.warn("ChangeMessageVisibilityBatch not sent: {}", e.toString());
        }
        return true;
    }

    /** Visibility extensions SQS confirmed. */
    long extendedCount() {
        return extended.get();
    }

    /** Held messages let go without a delete (12 h limit, rejected extension). */
    long releasedCount() {
        return released.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
