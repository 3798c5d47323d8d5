package dev.imageingest.tools.enqueue;

import dev.imageingest.aws.AwsErrors;
import dev.imageingest.backoff.Backoff;
import dev.imageingest.tools.common.ToolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * Sends batches of up to {@value #MAX_BATCH} messages with {@code SendMessageBatch}, at most {@code
 * concurrency} batches in flight ({@link #send} blocks for a free slot). Every message reaches
 * exactly one outcome on the {@link Listener}:
 *
 * <ul>
 *   <li>sent, when SQS lists it as successful;
 *   <li>failed, when SQS rejects it as the sender's fault, or after {@code maxAttempts} attempts of
 *       transient failures (failed entries of a batch, throttling, 5xx, I/O; each call first
 *       retried by the SDK), retried with the project's {@link Backoff};
 *   <li>abandoned, when the whole run must stop ({@link AwsErrors}: queue missing, access denied,
 *       bad credentials, an unusable KMS key): {@link #fatal()} is then set and the caller stops
 *       reading; abandoned rows are not finished, so a resume sends them again.
 * </ul>
 *
 * A whole batch rejected with another client error is split into single-message batches to isolate
 * the message SQS cannot take.
 */
public final class BatchSender implements AutoCloseable {
    public static final int MAX_BATCH = 10;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** Outcomes of individual messages, called from SDK threads. */
    public interface Listener {
        void sent(OutboundMessage message);

        void failed(OutboundMessage message, String reason);

        void abandoned(OutboundMessage message);

        /** {@code entries} messages are about to be sent again. */
        void retrying(int entries);
    }

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final boolean fifo;
    private final int concurrency;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Listener listener;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final ScheduledExecutorService retryTimer;

    public BatchSender(
            SqsAsyncClient sqs,
            String queueUrl,
            int concurrency,
            int maxAttempts,
            Duration baseBackoff,
            Listener listener) {
        if (concurrency < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("concurrency and maxAttempts must be >= 1");
        }
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
        this.concurrency = concurrency;
        this.maxAttempts = maxAttempts;
        this.backoff = new Backoff(baseBackoff, MAX_BACKOFF);
        this.listener = listener;
        this.slots = new Semaphore(concurrency);
        this.retryTimer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "enqueue-retry");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Starts sending one batch (1..10 messages); blocks while {@code concurrency} are in flight.
     */
    public void send(List<OutboundMessage> messages) throws InterruptedException {
        if (messages.isEmpty() || messages.size() > MAX_BATCH) {
            throw new IllegalArgumentException("batch of " + messages.size());
        }
        slots.acquire();
        inFlight.incrementAndGet();
        Batch batch = new Batch(messages.size());
        if (fatal.get() != null) {
            messages.forEach(m -> batch.abandon(m));
            return;
        }
        attempt(batch, List.copyOf(messages), 1);
    }

    /** Waits until every batch has reached its outcome. */
    public void awaitIdle() throws InterruptedException {
        slots.acquire(concurrency);
        slots.release(concurrency);
    }

    /** Batches currently in flight or waiting for a retry. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The error that stopped the run, or null. */
    public Throwable fatal() {
        return fatal.get();
    }

    private void attempt(Batch batch, List<OutboundMessage> entries, int attempt) {
        if (fatal.get() != null) {
            entries.forEach(batch::abandon);
            return;
        }
        CompletableFuture<SendMessageBatchResponse> response;
        try {
            response = sqs.sendMessageBatch(request(entries));
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete(
                (r, error) -> {
                    try {
                        if (error != null) {
                            onRequestFailure(batch, entries, attempt, AwsErrors.unwrap(error));
                        } else {
                            onResponse(batch, entries, attempt, r);
                        }
                    } catch (RuntimeException e) {
                        // never leave a slot taken: anything unexpected ends the run
                        fatal.compareAndSet(null, e);
                        entries.forEach(batch::abandon);
                    }
                });
    }

    /**
     * True for a FIFO queue: messages carry MessageGroupId = bukken_id and MessageDeduplicationId =
     * record_id, so SQS accepts a record sent again within its 5-minute deduplication window but
     * does not deliver it again (it still counts as sent).
     */
    boolean fifo() {
        return fifo;
    }

    private SendMessageBatchRequest request(List<OutboundMessage> entries) {
        List<SendMessageBatchRequestEntry> list = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            OutboundMessage m = entries.get(i);
            SendMessageBatchRequestEntry.Builder e =
                    SendMessageBatchRequestEntry.builder()
                            .id(Integer.toString(i))
                            .messageBody(m.body());
            if (fifo) {
                e.messageGroupId(m.bukkenId()).messageDeduplicationId(m.recordId());
            }
            list.add(e.build());
        }
        return SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(list).build();
    }

    private void onResponse(
            Batch batch,
            List<OutboundMessage> entries,
            int attempt,
            SendMessageBatchResponse response) {
        Set<Integer> answered = new HashSet<>();
        for (SendMessageBatchResultEntry ok : response.successful()) {
            Integer i = index(ok.id(), entries.size());
            if (i != null && answered.add(i)) {
                batch.sent(entries.get(i));
            }
        }
        List<OutboundMessage> retry = new ArrayList<>();
        String reason = null;
        for (BatchResultErrorEntry failed : response.failed()) {
            Integer i = index(failed.id(), entries.size());
            if (i == null || !answered.add(i)) {
                continue;
            }
            String why = failed.code() + ": " + failed.message();
            if (Boolean.TRUE.equals(failed.senderFault())) {
                batch.failed(entries.get(i), why);
            } else {
                retry.add(entries.get(i));
                reason = why;
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!answered.contains(i)) {
                retry.add(entries.get(i));
                reason = "no result for entry in the response";
            }
        }
        retryOrFail(batch, retry, attempt, reason);
    }

    private void onRequestFailure(
            Batch batch, List<OutboundMessage> entries, int attempt, Throwable error) {
        String reason = AwsErrors.detail(error);
        AwsErrors.Cause cause = AwsErrors.cause(error);
        if (cause.kind() == AwsErrors.Kind.FATAL_CONFIG
                && cause != AwsErrors.Cause.INVALID_PARAMETER) {
            // the queue, the access or the key is wrong: every other batch would fail the same way
            fatal.compareAndSet(
                    null,
                    new ToolException(AwsErrors.describe("SQS queue " + queueUrl, error), error));
            entries.forEach(batch::abandon);
            return;
        }
        if (error instanceof AwsServiceException && cause.kind() != AwsErrors.Kind.THROTTLED) {
            int status = ((AwsServiceException) error).statusCode();
            // a message SQS cannot take (e.g. invalid characters): isolate it
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                if (entries.size() > 1) {
                    for (OutboundMessage single : entries) {
                        attempt(batch, List.of(single), attempt + 1);
                    }
                } else {
                    batch.failed(entries.get(0), reason);
                }
                return;
            }
        }
        retryOrFail(batch, entries, attempt, reason);
    }

    private void retryOrFail(Batch batch, List<OutboundMessage> retry, int attempt, String reason) {
        if (retry.isEmpty()) {
            return;
        }
        if (attempt >= maxAttempts) {
            String why = "gave up after " + attempt + " attempts: " + reason;
            retry.forEach(m -> batch.failed(m, why));
            return;
        }
        listener.retrying(retry.size());
        retryTimer.schedule(
                () -> attempt(batch, retry, attempt + 1),
                backoff.delay(attempt).toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static Integer index(String id, int size) {
        try {
            int i = Integer.parseInt(id);
            return i >= 0 && i < size ? i : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
    }

    /** Counts a batch's open messages; frees its slot when the last one reaches an outcome. */
    private final class Batch {
        private final AtomicInteger open;
        private final Set<OutboundMessage> closed = ConcurrentHashMap.newKeySet();

        Batch(int size) {
            this.open = new AtomicInteger(size);
        }

        void sent(OutboundMessage m) {
            if (close(m)) {
                try {
                    listener.sent(m);
                } finally {
                    release();
                }
            }
        }

        void failed(OutboundMessage m, String reason) {
            if (close(m)) {
                try {
                    listener.failed(m, reason);
                } finally {
                    release();
                }
            }
        }

        void abandon(OutboundMessage m) {
            if (close(m)) {
                try {
                    listener.abandoned(m);
                } finally {
                    release();
                }
            }
        }

        private boolean close(OutboundMessage m) {
            return closed.add(m);
        }

        private void release() {
            if (open.decrementAndGet() == 0) {
                inFlight.decrementAndGet();
                slots.release();
            }
        }
    }
}
