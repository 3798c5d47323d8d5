package dev.imageingest.source.sqs.reader;

import dev.imageingest.source.sqs.proxy.SqsQueueClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;

/**
 * Deletes messages whose checkpoint completed, in batches of 10, asynchronously: called on the task
 * thread, it only issues requests. Failed entries and failed calls are retried with backoff a
 * bounded number of times; a message that still cannot be deleted is logged and counted — it will
 * be redelivered after its visibility timeout and processed again (a duplicate, never a loss;
 * record ids and content keys make the replay idempotent).
 */
final class SqsMessageDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(SqsMessageDeleter.class);
    static final int MAX_ATTEMPTS = 5;

    private final SqsQueueClient client;
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();

    SqsMessageDeleter(SqsQueueClient client) {
        this.client = client;
    }

    void delete(List<String> receiptHandles) {
        for (int i = 0; i < receiptHandles.size(); i += SqsQueueClient.MAX_BATCH) {
            List<String> batch =
                    List.copyOf(
                            receiptHandles.subList(
                                    i,
                                    Math.min(receiptHandles.size(), i + SqsQueueClient.MAX_BATCH)));
            inFlight.addAndGet(batch.size());
            send(batch, 1);
        }
    }

    private void send(List<String> batch, int attempt) {
        CompletableFuture<?> call;
        try {
            call =
                    client.deleteBatch(batch)
                            .thenAccept(
                                    response -> {
                                        deleted.addAndGet(response.successful().size());
                                        inFlight.addAndGet(-response.successful().size());
                                        List<String> retry = new ArrayList<>();
                                        for (BatchResultErrorEntry e : response.failed()) {
                                            String handle = batch.get(Integer.parseInt(e.id()));
                                            if (e.senderFault()) {
                                                giveUp(1, e.code() + ": " + e.message());
                                            } else {
                                                retry.add(handle);
                                            }
                                        }
                                        if (!retry.isEmpty()) {
                                            retryLater(retry, attempt, "server fault");
                                        }
                                    });
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.exceptionally(
                error -> {
                    retryLater(batch, attempt, error.toString());
                    return null;
                });
    }

    private void retryLater(List<String> batch, int attempt, String reason) {
        if (attempt >= MAX_ATTEMPTS) {
            giveUp(batch.size(), reason);
            return;
        }
        long delayMs = 200L << attempt;
        CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS)
                .execute(() -> send(batch, attempt + 1));
    }

    private void giveUp(int count, String reason) {
        failed.addAndGet(count);
        inFlight.addAndGet(-count);
        LOG.warn(
                "Could not delete {} message(s); they will be redelivered and replayed: {}",
                count,
                reason);
    }

    /** Waits (bounded) until no delete is in flight; used only when the reader closes. */
    void awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (inFlight.get() > 0) {
            LOG.warn(
                    "{} message deletes still in flight at close; they will be redelivered",
                    inFlight.get());
        }
    }

    long deletedCount() {
        return deleted.get();
    }

    long failedCount() {
        return failed.get();
    }

    long inFlightCount() {
        return inFlight.get();
    }
}
