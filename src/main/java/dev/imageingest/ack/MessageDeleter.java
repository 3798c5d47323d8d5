package dev.imageingest.ack;

import dev.imageingest.aws.AwsErrors;
import dev.imageingest.backoff.Backoff;
import dev.imageingest.model.SqsReceipt;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * Deletes acknowledged messages with {@code DeleteMessageBatch} (10 per call), asynchronously and
 * with at most {@code maxConcurrentBatches} calls in flight: {@link #delete} only queues batches
 * and returns, so the task thread never waits for SQS. Whole-call failures are retried by the SDK's
 * retry policy; entries SQS reports as failed on its side are retried a few times ({@link
 * Backoff}). A message that still cannot be deleted is logged and counted: it reappears after its
 * visibility timeout and is processed again (a duplicate with the same record id, never a loss).
 *
 * <p>Thread-safe: called on the task thread, completed on SDK threads.
 */
public final class MessageDeleter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessageDeleter.class);

    /** SQS limit for DeleteMessageBatch entries. */
    public static final int MAX_BATCH = 10;

    static final int MAX_ENTRY_ATTEMPTS = 4;

    /** Waits before entries SQS failed in a batch are sent again (the SDK retries whole calls). */
    private static final Backoff RETRY_BACKOFF =
            new Backoff(Duration.ofMillis(400), Duration.ofSeconds(5));

    private final SqsAsyncClient client;
    private final int maxConcurrentBatches;
    private final ArrayDeque<Batch> waiting = new ArrayDeque<>();
    private int running;
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    public MessageDeleter(SqsAsyncClient client, int maxConcurrentBatches) {
        this.client = client;
        this.maxConcurrentBatches = maxConcurrentBatches;
    }

    /** Queues the messages for deletion, grouped by queue, 10 per call. Never blocks. */
    public void delete(List<SqsReceipt> receipts) {
        Map<String, List<SqsReceipt>> byQueue = new LinkedHashMap<>();
        for (SqsReceipt r : receipts) {
            byQueue.computeIfAbsent(r.queueUrl(), q -> new ArrayList<>()).add(r);
        }
        List<Batch> batches = new ArrayList<>();
        byQueue.forEach(
                (queue, list) -> {
                    for (int i = 0; i < list.size(); i += MAX_BATCH) {
                        batches.add(
                                new Batch(
                                        queue,
                                        List.copyOf(
                                                list.subList(
                                                        i, Math.min(list.size(), i + MAX_BATCH))),
                                        1));
                    }
                });
        pending.addAndGet(receipts.size());
        synchronized (this) {
            waiting.addAll(batches);
        }
        dispatch();
    }

    private void dispatch() {
        while (true) {
            Batch next;
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

    private void send(Batch batch) {
        CompletableFuture<DeleteMessageBatchResponse> call;
        try {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.receipts.size(); i++) {
                entries.add(
                        DeleteMessageBatchRequestEntry.builder()
                                .id(Integer.toString(i))
                                .receiptHandle(batch.receipts.get(i).receiptHandle())
                                .build());
            }
            call =
                    client.deleteMessageBatch(
                            DeleteMessageBatchRequest.builder()
                                    .queueUrl(batch.queueUrl)
                                    .entries(entries)
                                    .build());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete(
                (response, error) -> {
                    try {
                        if (error != null) {
                            giveUp(
                                    batch.receipts,
                                    AwsErrors.describe("SQS queue " + batch.queueUrl, error));
                        } else {
                            onResponse(batch, response);
                        }
                    } finally {
                        synchronized (this) {
                            running--;
                        }
                        dispatch();
                    }
                });
    }

    private void onResponse(Batch batch, DeleteMessageBatchResponse response) {
        int ok = response.successful().size();
        deleted.addAndGet(ok);
        pending.addAndGet(-ok);
        response.successful()
                .forEach(e -> HeldMessages.released(batch.receipts.get(Integer.parseInt(e.id()))));
        List<SqsReceipt> retry = new ArrayList<>();
        for (BatchResultErrorEntry e : response.failed()) {
            SqsReceipt r = batch.receipts.get(Integer.parseInt(e.id()));
            if (e.senderFault() || batch.attempt >= MAX_ENTRY_ATTEMPTS) {
                giveUp(List.of(r), e.code() + ": " + e.message());
            } else {
                retry.add(r);
            }
        }
        if (!retry.isEmpty()) {
            Batch again = new Batch(batch.queueUrl, retry, batch.attempt + 1);
            CompletableFuture.delayedExecutor(
                            RETRY_BACKOFF.delay(batch.attempt).toMillis(), TimeUnit.MILLISECONDS)
                    .execute(
                            () -> {
                                synchronized (this) {
                                    waiting.add(again);
                                }
                                dispatch();
                            });
        }
    }

    private void giveUp(List<SqsReceipt> receipts, String reason) {
        failed.addAndGet(receipts.size());
        pending.addAndGet(-receipts.size());
        receipts.forEach(HeldMessages::released);
        LOG.warn(
                "Could not delete {} acknowledged message(s); they will be redelivered and"
                        + " processed again (same record id): {}",
                receipts.size(),
                reason);
    }

    /** Waits at most {@code timeout} for queued and running deletes; used only at close. */
    public void awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (pending.get() > 0) {
            LOG.warn(
                    "{} message deletes unfinished at close; they will be redelivered",
                    pending.get());
        }
    }

    public long deletedCount() {
        return deleted.get();
    }

    public long failedCount() {
        return failed.get();
    }

    /** Messages queued or being deleted. */
    public long pendingCount() {
        return pending.get();
    }

    /** Closes the SQS client; deletes still running fail and are redelivered later. */
    @Override
    public void close() {
        client.close();
    }

    private static final class Batch {
        final String queueUrl;
        final List<SqsReceipt> receipts;
        final int attempt;

        Batch(String queueUrl, List<SqsReceipt> receipts, int attempt) {
            this.queueUrl = queueUrl;
            this.receipts = receipts;
            this.attempt = attempt;
        }
    }
}
