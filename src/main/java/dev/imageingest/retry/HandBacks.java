package dev.imageingest.retry;

import dev.imageingest.ack.HeldMessages;
import dev.imageingest.model.SqsReceipt;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

/**
 * Sends hand-backs as {@code ChangeMessageVisibilityBatch} calls: grouped by queue, 10 per call, at
 * most {@code maxConcurrentBatches} calls in flight; partial batches leave after {@link #LINGER} at
 * the latest. {@link #add} only queues and returns.
 *
 * <p>Each message is released from {@link HeldMessages} before its call is sent, so the source's
 * visibility extender cannot overwrite the backoff with an extension. If the call fails, nothing is
 * lost: the message returns when its current visibility timeout ends, only sooner than planned. The
 * same holds for hand-backs dropped because too many batches wait (SQS slower than the job).
 *
 * <p>A message may stay invisible at most 12 hours from its receive in total; the timeout asked for
 * is cut to what is left of that (SQS would reject the change otherwise).
 *
 * <p>Thread-safe: called on the task thread, completed on SDK threads and the linger timer.
 */
final class HandBacks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HandBacks.class);

    static final int MAX_BATCH = 10;

    /** Longest a partial batch waits for company. */
    static final Duration LINGER = Duration.ofMillis(200);

    /** Kept off SQS's 12 h limit, for clock skew and the time the call takes. */
    static final long LIMIT_MARGIN_MILLIS = 60_000;

    private final SqsAsyncClient client;
    private final int maxConcurrentBatches;
    private final int maxWaitingBatches;
    private final ScheduledExecutorService timer;
    private final Map<String, List<SqsReceiptAndTimeout>> open = new LinkedHashMap<>();
    private final ArrayDeque<List<SqsReceiptAndTimeout>> waiting = new ArrayDeque<>();
    private int running;
    private final AtomicLong handedBack = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    HandBacks(SqsAsyncClient client, int maxConcurrentBatches, int maxWaitingBatches) {
        this.client = client;
        this.maxConcurrentBatches = maxConcurrentBatches;
        this.maxWaitingBatches = maxWaitingBatches;
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "sqs-hand-back");
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleWithFixedDelay(
                this::sendPartialBatches,
                LINGER.toMillis(),
                LINGER.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Queues one hand-back; the message is no longer kept invisible by its reader. */
    void add(HandBack h) {
        SqsReceipt r = h.receipt();
        HeldMessages.released(r);
        SqsReceiptAndTimeout entry = new SqsReceiptAndTimeout(r, h.visibilitySeconds());
        pending.incrementAndGet();
        synchronized (this) {
            List<SqsReceiptAndTimeout> batch =
                    open.computeIfAbsent(r.queueUrl(), q -> new ArrayList<>(MAX_BATCH));
            batch.add(entry);
            if (batch.size() >= MAX_BATCH) {
                open.remove(r.queueUrl());
                enqueue(batch);
            }
        }
        dispatch();
    }

    /** Sends what waits in partial batches (linger timer, checkpoint). */
    void sendPartialBatches() {
        synchronized (this) {
            open.values().forEach(this::enqueue);
            open.clear();
        }
        dispatch();
    }

    /** Holding the lock. */
    private void enqueue(List<SqsReceiptAndTimeout> batch) {
        if (waiting.size() >= maxWaitingBatches) {
            dropped.addAndGet(batch.size());
            pending.addAndGet(-batch.size());
            LOG.warn(
                    "{} hand-backs dropped ({} batches wait for SQS); those messages return"
                            + " when their current visibility timeout ends",
                    batch.size(),
                    waiting.size());
            return;
        }
        waiting.add(batch);
    }

    private void dispatch() {
        while (true) {
            List<SqsReceiptAndTimeout> next;
            synchronized (this) {
                if (running >= maxConcurrentBatches || waiting.isEmpty()) {
                    return;
                }
                next = waiting.poll();
                running++;
            }
            send(next);
        }
    }

    private void send(List<SqsReceiptAndTimeout> batch) {
        long now = System.currentTimeMillis();
        CompletableFuture<ChangeMessageVisibilityBatchResponse> call;
        try {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                SqsReceiptAndTimeout e = batch.get(i);
                entries.add(
                        ChangeMessageVisibilityBatchRequestEntry.builder()
                                .id(Integer.toString(i))
                                .receiptHandle(e.receipt.receiptHandle())
                                .visibilityTimeout(withinLimit(e, now))
                                .build());
            }
            call =
                    client.changeMessageVisibilityBatch(
                            ChangeMessageVisibilityBatchRequest.builder()
                                    .queueUrl(batch.get(0).receipt.queueUrl())
                                    .entries(entries)
                                    .build());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete(
                (response, error) -> {
                    synchronized (this) {
                        running--;
                    }
                    pending.addAndGet(-batch.size());
                    if (error != null) {
                        failed.addAndGet(batch.size());
                        LOG.warn(
                                "ChangeMessageVisibilityBatch failed for {} hand-backs; they"
                                        + " return when their visibility ends: {}",
                                batch.size(),
                                error.toString());
                    } else {
                        handedBack.addAndGet(response.successful().size());
                        for (BatchResultErrorEntry e : response.failed()) {
                            failed.incrementAndGet();
                            LOG.warn(
                                    "Hand-back rejected ({}: {}); the message returns when its"
                                            + " visibility ends",
                                    e.code(),
                                    e.message());
                        }
                    }
                    dispatch();
                });
    }

    /** The timeout asked for, cut to what is left of the message's 12 h of invisibility. */
    static int withinLimit(SqsReceiptAndTimeout e, long now) {
        long left =
                e.receipt.receivedAt()
                        + RetryBackoff.SQS_MAX_VISIBILITY.toMillis()
                        - LIMIT_MARGIN_MILLIS
                        - now;
        long seconds = Math.min(e.visibilitySeconds, Math.max(0, left / 1000));
        return (int) seconds;
    }

    long handedBackCount() {
        return handedBack.get();
    }

    long failedCount() {
        return failed.get();
    }

    long droppedCount() {
        return dropped.get();
    }

    long pendingCount() {
        return pending.get();
    }

    /** Sends what is open, gives running calls a moment, then closes the client. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        sendPartialBatches();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        client.close();
    }

    /** One message and the timeout it should get. */
    static final class SqsReceiptAndTimeout {
        final SqsReceipt receipt;
        final int visibilitySeconds;

        SqsReceiptAndTimeout(SqsReceipt receipt, int visibilitySeconds) {
            this.receipt = receipt;
            this.visibilitySeconds = visibilitySeconds;
        }
    }
}
