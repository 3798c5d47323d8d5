package dev.imageingest.source.sqs.reader;

import dev.imageingest.ack.HeldMessages;
import dev.imageingest.aws.AwsErrors;
import dev.imageingest.backoff.Backoff;
import dev.imageingest.model.SqsReceipt;
import dev.imageingest.source.sqs.proxy.SqsQueueClient;
import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Runs on the source's fetcher thread (never the task thread). Keeps {@code receivesInFlight}
 * long-poll receives outstanding on the async client and returns whatever has arrived, so one
 * reader is not limited to one round trip per 10 messages.
 *
 * <p>Transient receive errors (after the SDK's own retries) are logged and backed off ({@link
 * Backoff}, 100 ms doubling to 10 s, jittered); fatal ones ({@link AwsErrors}: missing queue,
 * access denied, bad credentials, an unusable KMS key) fail the fetch and so the job, with one line
 * naming the queue and the cause, since retrying cannot fix them.
 *
 * <p>No new receive starts while the {@link InFlightGate} is shut (the queue holds {@code
 * sqs.max-in-flight} un-deleted messages or more); receives already in flight still complete.
 */
final class SqsSplitReader implements SplitReader<ReceivedMessage, SqsQueueSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(SqsSplitReader.class);
    private static final Duration POLL_SLICE = Duration.ofMillis(500);
    private static final Backoff BACKOFF =
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    /** Pause after an empty receive when long polling is off, so an empty queue is no spin. */
    private static final long EMPTY_POLL_PAUSE_MILLIS = 200;

    private final SqsQueueClient client;
    private final int receivesInFlight;
    private final boolean waitTimeZero;
    private final Deque<CompletableFuture<List<ReceivedMessage>>> inFlight = new ArrayDeque<>();
    private final List<String> splitIds = new ArrayList<>();
    private volatile CompletableFuture<Void> wakeUp = new CompletableFuture<>();
    private long backoffMillis;
    private int failures;
    private final InFlightGate gate;

    /** Messages received and not yet deleted; kept invisible by the reader's extender. */
    private final HeldMessages held;

    private final VisibilityExtender extender;

    SqsSplitReader(
            SqsQueueClient client,
            int receivesInFlight,
            boolean waitTimeZero,
            HeldMessages held,
            VisibilityExtender extender,
            InFlightGate gate) {
        this.client = client;
        this.gate = gate;
        this.held = held;
        this.extender = extender;
        this.receivesInFlight = receivesInFlight;
        this.waitTimeZero = waitTimeZero;
    }

    @Override
    public RecordsWithSplitIds<ReceivedMessage> fetch() throws IOException {
        RecordsBySplits.Builder<ReceivedMessage> records = new RecordsBySplits.Builder<>();
        if (splitIds.isEmpty()) {
            return records.build();
        }
        if (backoffMillis > 0) {
            awaitQuietly(wakeUp, backoffMillis);
        }
        boolean open = gate.open(System.currentTimeMillis());
        while (open && inFlight.size() < receivesInFlight) {
            inFlight.add(client.receive().thenApply(this::hold));
        }
        CompletableFuture<Void> wake = wakeUp;
        List<CompletableFuture<?>> waitOn = new ArrayList<>(inFlight);
        waitOn.add(wake);
        if (gate.pendingPoll() != null) {
            waitOn.add(gate.pendingPoll());
        }
        awaitQuietly(
                CompletableFuture.anyOf(waitOn.toArray(CompletableFuture[]::new)),
                POLL_SLICE.toMillis());
        if (wake.isDone()) {
            wakeUp = new CompletableFuture<>();
        }
        String splitId = splitIds.get(0); // all splits name the same queue
        IOException fatal = null;
        int received = 0;
        for (Iterator<CompletableFuture<List<ReceivedMessage>>> it = inFlight.iterator();
                it.hasNext(); ) {
            CompletableFuture<List<ReceivedMessage>> f = it.next();
            if (!f.isDone()) {
                continue;
            }
            it.remove();
            List<ReceivedMessage> messages;
            try {
                messages = f.join();
            } catch (RuntimeException e) {
                fatal = fatal != null ? fatal : onReceiveError(e);
                continue;
            }
            for (ReceivedMessage r : messages) {
                records.add(splitId, r);
                received++;
            }
            failures = 0;
            backoffMillis = messages.isEmpty() && waitTimeZero ? EMPTY_POLL_PAUSE_MILLIS : 0;
        }
        if (fatal != null && received == 0) {
            throw fatal;
        }
        // with records in hand, emit them first; the next receive fails the same way
        return records.build();
    }

    /** Backs off on a transient error; returns the exception to fail with on a fatal one. */
    private IOException onReceiveError(RuntimeException e) {
        String line = AwsErrors.describe("SQS queue " + client.queueUrl(), e);
        if (AwsErrors.isFatal(e)) {
            return new IOException("Cannot receive from " + line, e);
        }
        failures++;
        backoffMillis = Math.max(1, BACKOFF.delay(failures).toMillis());
        LOG.warn("Receive failed, retrying in {} ms: {}", backoffMillis, line);
        return null;
    }

    /**
     * Runs as the receive completes (on an SDK thread): from here on the message is held and kept
     * invisible. Not later, in {@link #fetch}: under back-pressure the fetcher thread waits for
     * room in the element queue while completed receives wait for it, possibly longer than their
     * visibility timeout.
     */
    private List<ReceivedMessage> hold(ReceiveMessageResponse response) {
        long now = System.currentTimeMillis();
        List<ReceivedMessage> out = new ArrayList<>(response.messages().size());
        for (Message m : response.messages()) {
            ReceivedMessage r = toReceived(m, now);
            gate.received(1);
            held.hold(
                    new SqsReceipt(client.queueUrl(), r.receiptHandle(), r.receiveCount(), now),
                    extender.invisibleUntil(now));
            out.add(r);
        }
        return out;
    }

    private static ReceivedMessage toReceived(Message m, long receivedAt) {
        Map<MessageSystemAttributeName, String> attrs = m.attributes();
        String count = attrs.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        int receiveCount = 1;
        try {
            receiveCount = count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            // informational only; never drop a message over it
        }
        return new ReceivedMessage(
                m.messageId(), m.body(), m.receiptHandle(), receiveCount, receivedAt);
    }

    private static void awaitQuietly(CompletableFuture<?> f, long millis) {
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // a slice ended, or a receive failed: handled by the caller
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<SqsQueueSplit> change) {
        if (change instanceof SplitsAddition) {
            change.splits().forEach(s -> splitIds.add(s.splitId()));
        }
    }

    @Override
    public void wakeUp() {
        wakeUp.complete(null);
    }

    @Override
    public void close() {
        // Messages of receives still in flight were never emitted; they become visible again
        // after the visibility timeout.
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        gate.close();
    }
}
